-- outgoing: the documents sent to a position (its "processed" list and its searches).
CREATE INDEX documents_routed ON documents USING gin (routed);
