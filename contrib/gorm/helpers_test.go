package tntgorm_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"github.com/tntsql/tarantool/internal/tnttest"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"
)

var prefixes atomic.Int64

// openDB opens GORM on s with table names prefixed for this test, so that
// tests share the server without seeing each other's tables.
func openDB(t *testing.T, s *tnttest.Server) *gorm.DB {
	t.Helper()
	prefix := fmt.Sprintf("g%d_", prefixes.Add(1))
	db, err := gorm.Open(tntgorm.Open(s.DSN("")), &gorm.Config{
		NamingStrategy: schema.NamingStrategy{TablePrefix: prefix},
		Logger:         logger.Default.LogMode(logger.Silent),
	})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	return db
}

// migrate runs AutoMigrate or fails the test.
func migrate(t *testing.T, db *gorm.DB, models ...any) {
	t.Helper()
	if err := db.AutoMigrate(models...); err != nil {
		t.Fatal(err)
	}
}

// server returns a server GORM's default transactions run on: the MVCC
// server on 2.10+, where GORM wraps each write in a transaction, the
// shared one before (the dialector skips those transactions there).
func server(t *testing.T) *tnttest.Server {
	t.Helper()
	if s := tnttest.Require(t); s.Version < tnttest.VersionMVCC {
		return s
	}
	return tnttest.RequireMVCC(t)
}
