package iproto_test

import (
	"context"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

func dial(t testing.TB) *iproto.Conn {
	t.Helper()
	s := tnttestRequire(t)
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestPing(t *testing.T) {
	c := dial(t)
	resp, err := c.Do(context.Background(), iproto.Ping{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	if resp.Type != iproto.TypeOK {
		t.Fatalf("got reply type %v, want OK", resp.Type)
	}
	if c.SchemaVersion() == 0 {
		t.Errorf("schema version not tracked")
	}
}
