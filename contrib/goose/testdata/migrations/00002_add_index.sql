-- +goose Up
CREATE INDEX goose_notes_body ON goose_notes (body);

-- +goose Down
DROP INDEX goose_notes_body ON goose_notes;
