-- +goose Up
CREATE TABLE goose_notes (
    id INTEGER PRIMARY KEY,
    body STRING NOT NULL
);
INSERT INTO goose_notes VALUES (1, 'semi; colon'), (2, 'it''s; fine');

-- +goose Down
DROP TABLE goose_notes;
