package tntgoose

import (
	"database/sql"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// NewProvider returns a goose.Provider for the migrations in fsys, run on
// db (a pool of the tarantool driver), with a Store on goose's default
// table and the options of Options. opts come first, so they cannot undo
// those; give a store of your own with NewProviderStore.
func NewProvider(db *sql.DB, fsys fs.FS, opts ...goose.ProviderOption) (*goose.Provider, error) {
	store, err := NewStore(goose.DefaultTablename)
	if err != nil {
		return nil, err
	}
	return NewProviderStore(db, store, fsys, opts...)
}

// NewProviderStore is NewProvider with store as the version table's
// store (NewStore("my_versions")).
func NewProviderStore(db *sql.DB, store *Store, fsys fs.FS, opts ...goose.ProviderOption) (*goose.Provider, error) {
	all := append(append([]goose.ProviderOption(nil), opts...), Options(store)...)
	return goose.NewProvider(goose.DialectCustom, db, fsys, all...)
}

// Options returns the provider options Tarantool needs, for a
// goose.NewProvider of your own (with goose.DialectCustom): WithStore(store),
// and WithIsolateDDL(true), which runs migrations outside transactions.
func Options(store *Store) []goose.ProviderOption {
	return []goose.ProviderOption{goose.WithStore(store), goose.WithIsolateDDL(true)}
}
