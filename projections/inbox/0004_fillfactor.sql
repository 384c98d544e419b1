-- inbox: room on each page for the next versions of its rows. A document's row is updated by
-- almost every event of the document; with free space on its page, and no indexed column
-- changed, the update is HOT: no new entry in any index — above all none in the trigram
-- index, where a row's entry is dozens of trigrams. Items change state (indexed), but reads
-- and in-place actions leave the indexed columns alone.
ALTER TABLE documents SET (fillfactor = 50);
ALTER TABLE items SET (fillfactor = 80);
