-- directory: finding a unit anywhere in the tree by typing part of its name (the unit
-- pickers), accents and case ignored — a trigram index over the folded name serves
-- fold(name) LIKE '%…%' for every word typed.
-- Unqualified names: the projection engine sets search_path to this projection's schema.
CREATE INDEX units_search ON units USING gin (fold(name) public.gin_trgm_ops);
