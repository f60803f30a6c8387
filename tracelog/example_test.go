package tracelog_test

import (
	"context"
	"database/sql"
	"log"
	"log/slog"
	"os"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/tracelog"
)

// A database/sql pool whose requests are logged at Debug, and failures at
// Warn, as JSON on stderr.
func Example() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg, err := tarantool.ParseDSN("tarantool://app:secret@127.0.0.1:3301")
	if err != nil {
		log.Fatal(err)
	}
	cfg.Tracer = tracelog.New(logger, nil)
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		log.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT 1`).Scan(&n); err != nil {
		log.Fatal(err)
	}
	// {"level":"DEBUG","msg":"tarantool request","op":"EXECUTE","text":"SELECT 1","args":0,...}
}

// A box connection that logs its reconnections.
func Example_box() {
	cfg, err := tarantool.ParseDSN("tarantool://app:secret@127.0.0.1:3301?reconnect_delay=100ms")
	if err != nil {
		log.Fatal(err)
	}
	cfg.Tracer = tracelog.New(slog.Default(), nil)
	c, err := box.ConnectConfig(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// A restart of the server logs "tarantool reconnect failed" for each
	// attempt while it is down, then "tarantool reconnected", at Warn.
}
