package tntgoose_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	tntgoose "github.com/tntsql/tarantool/contrib/goose"
)

// Run the migrations of a directory with goose: tntgoose.NewProvider
// sets the store and the options Tarantool needs.
func Example() {
	ctx := context.Background()
	db, err := sql.Open("tarantool", os.Getenv("TARANTOOL_DSN")) // tarantool://user:pass@host:3301
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	p, err := tntgoose.NewProvider(db, os.DirFS("testdata/migrations"))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		log.Fatal(err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", v)
	if _, err := p.DownTo(ctx, 0); err != nil {
		log.Fatal(err)
	}
	// Output: version 3
}
