CREATE TABLE fail_half (id INTEGER PRIMARY KEY);
-- The second statement fails: the first stays, the version is dirty.
INSERT INTO fail_missing VALUES (1);
