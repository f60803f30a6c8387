-- +goose Up
CREATE TABLE goose_ok (id INTEGER PRIMARY KEY);
-- +goose Down
DROP TABLE goose_ok;
