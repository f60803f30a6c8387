package tntmigrate_test

import (
	"fmt"
	"log"
	"os"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	_ "github.com/tntsql/tarantool/contrib/migrate" // registers tarantool://
)

// Migrate a server up with the files of a directory, then back down.
// The database URL is the driver's DSN; x-migrations-table and the other
// x- parameters of the package documentation may follow it.
func Example() {
	dsn := os.Getenv("TARANTOOL_DSN") // tarantool://user:pass@host:3301
	m, err := migrate.New("file://testdata/migrations", dsn+"?x-migrations-table=example_versions")
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	if err := m.Up(); err != nil {
		log.Fatal(err)
	}
	v, dirty, err := m.Version()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", v, "dirty", dirty)
	if err := m.Down(); err != nil {
		log.Fatal(err)
	}
	// Output: version 3 dirty false
}
