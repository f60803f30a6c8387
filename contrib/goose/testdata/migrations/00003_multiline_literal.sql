-- +goose Up
-- A literal with a line that ends with ';', or with "--" in it, must be
-- in a block: goose's parser would cut, or strip, there.
-- +goose StatementBegin
INSERT INTO goose_notes VALUES (3, 'first line;
second -- line');
-- +goose StatementEnd

-- +goose Down
DELETE FROM goose_notes WHERE id = 3;
