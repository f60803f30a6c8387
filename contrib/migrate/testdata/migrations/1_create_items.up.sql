-- Items; the literals hold ';' and quotes, which must not split.
CREATE TABLE mig_items (
    id INTEGER PRIMARY KEY,
    name STRING NOT NULL
);
INSERT INTO mig_items VALUES (1, 'tea; green');
/* a comment; with a semicolon */
INSERT INTO mig_items VALUES (2, 'it''s; -- not a comment');
