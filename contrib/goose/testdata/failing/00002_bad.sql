-- +goose Up
CREATE TABLE goose_half (id INTEGER PRIMARY KEY);
INSERT INTO goose_half VALUES (1);
INSERT INTO goose_missing VALUES (1);
-- +goose Down
DROP TABLE goose_half;
