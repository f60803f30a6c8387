// Package integration holds tests that exercise the SQL driver and box
// together with the libraries users combine them with, against a real
// Tarantool server.
package integration

import (
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func TestMain(m *testing.M) { tnttest.Main(m) }
