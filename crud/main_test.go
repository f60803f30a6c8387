package crud_test

import (
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func TestMain(m *testing.M) { tnttest.MainCluster(m) }
