package tntotel_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	"github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	tntotel "github.com/tntsql/tarantool/contrib/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Trace the requests of database/sql and of box: set a Tracer in the
// Config both are opened with. Without options it uses the global
// providers (otel.SetTracerProvider, otel.SetMeterProvider).
func Example() {
	ctx := context.Background()
	tp := sdktrace.NewTracerProvider() // with the exporter of your choice
	defer tp.Shutdown(ctx)
	mp := sdkmetric.NewMeterProvider() // with the reader of your choice
	defer mp.Shutdown(ctx)

	cfg, err := tarantool.ParseDSN(os.Getenv("TARANTOOL_DSN")) // tarantool://user:pass@host:3301
	if err != nil {
		log.Fatal(err)
	}
	cfg.Tracer = tntotel.New(tntotel.WithTracerProvider(tp), tntotel.WithMeterProvider(mp))

	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		log.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var n int
	// A span named EXECUTE, with db.query.text "SELECT ? + 1" (never the
	// argument), a child of the span in ctx if it has one.
	if err := db.QueryRowContext(ctx, "SELECT ? + 1", 41).Scan(&n); err != nil {
		log.Fatal(err)
	}

	c, err := box.ConnectConfig(ctx, cfg) // the same Config, the same Tracer
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// A span named "CALL echo", with db.stored_procedure.name "echo".
	if err := c.Call(ctx, "echo", n).Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
}
