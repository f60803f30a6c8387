package iproto_test

import (
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func tnttestRequire(t testing.TB) *tnttest.Server { return tnttest.Require(t) }
