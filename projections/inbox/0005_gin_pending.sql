-- inbox: a short pending list for the trigram index. Every new document (and every update
-- that cannot be HOT) adds its row's dozens of trigrams to the index's pending list, which the
-- insert that fills it merges into the index — with the default 4 MB list, a stall of a
-- whole read-model batch every few seconds under load. 256 kB lists are merged often and
-- quickly.
ALTER INDEX documents_search SET (gin_pending_list_limit = 256);
