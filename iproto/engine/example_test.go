package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// ParseDSN reads the DSN both the SQL driver and box take; a field left
// zero means its default, and String masks the password.
func ExampleParseDSN() {
	cfg, err := engine.ParseDSN("tarantool://app:s3cret@127.0.0.1:3301?request_timeout=2s&connect_timeout=0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Address, cfg.User, cfg.RequestTimeout, cfg.ConnectTimeout < 0)
	fmt.Println(cfg)
	// Output:
	// 127.0.0.1:3301 app 2s true
	// tarantool://app:xxxxx@127.0.0.1:3301?connect_timeout=0s&request_timeout=2s
}

// Dial a server and run requests of package iproto on the connection,
// from any number of goroutines.
func ExampleDial() {
	cfg, err := engine.ParseDSN("tarantool://app:s3cret@127.0.0.1:3301")
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := engine.Dial(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	resp, err := c.Do(ctx, &iproto.Select{SpaceID: iproto.SpaceVSpace, Iterator: iproto.IterEq, Key: []any{uint64(281)}, Limit: 1})
	var se *iproto.Error
	switch {
	case errors.As(err, &se):
		log.Fatalf("the server refused: %v (code %d)", se.Message, se.Code)
	case err != nil:
		log.Fatal(err) // a *ConnError says whether the request was sent
	}
	defer resp.Release()
	tuples, err := resp.DecodeData()
	fmt.Println(tuples, err)
}
