package tntgorm_test

import (
	"errors"
	"testing"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"github.com/tntsql/tarantool/iproto"
)

type Account struct {
	ID   int64
	Name string `gorm:"index:idx_acc_name"`
}

type AccountV2 struct {
	ID    int64
	Name  string `gorm:"index:idx_acc_name"`
	Email string
}

func TestMigrator(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	m := db.Migrator()
	migrate(t, db, &Account{})
	if !m.HasTable(&Account{}) || m.HasTable("nope") {
		t.Fatal("HasTable")
	}
	if !m.HasColumn(&Account{}, "name") || !m.HasColumn(&Account{}, "Name") || m.HasColumn(&Account{}, "email") {
		t.Fatal("HasColumn")
	}
	if !m.HasIndex(&Account{}, "idx_acc_name") {
		t.Fatal("HasIndex")
	}
	if err := m.RenameIndex(&Account{}, "idx_acc_name", "x"); !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("RenameIndex: %v", err)
	}
	if err := m.AlterColumn(&Account{}, "name"); !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("AlterColumn: %v", err)
	}
	if err := m.DropColumn(&Account{}, "name"); !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("DropColumn: %v", err)
	}
	if err := m.DropIndex(&Account{}, "idx_acc_name"); err != nil || m.HasIndex(&Account{}, "idx_acc_name") {
		t.Fatalf("DropIndex: %v", err)
	}
	tables, err := m.GetTables()
	if err != nil || len(tables) == 0 {
		t.Fatalf("GetTables: %v %v", err, tables)
	}

	// ADD COLUMN: an empty table on 2.11+, refused clearly otherwise.
	table := db.NamingStrategy.TableName("Account")
	v2 := db.Table(table)
	err = v2.AutoMigrate(&AccountV2{})
	if s.Version < iproto.MakeVersion(2, 10, 0) {
		if !errors.Is(err, tntgorm.ErrUnsupported) {
			t.Fatalf("AddColumn on %v: %v", s.Version, err)
		}
	} else if err != nil {
		t.Fatalf("AddColumn to an empty table: %v", err)
	} else if !m.HasColumn(table, "email") {
		t.Fatal("email not added")
	}
	if err := db.Create(&Account{Name: "a"}).Error; err != nil {
		t.Fatal(err)
	}
	type AccountV3 struct {
		ID    int64
		Name  string
		Email string
		Age   int
	}
	if err := db.Table(table).AutoMigrate(&AccountV3{}); !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("AddColumn to a non-empty table: %v", err)
	} else {
		t.Log(err)
	}
	// A changed type is AlterColumn's error, not a no-op.
	type AccountV4 struct {
		ID   int64
		Name int
	}
	if err := db.Table(table).AutoMigrate(&AccountV4{}); !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("type change: %v", err)
	}
	if err := m.DropTable(&Account{}); err != nil || m.HasTable(&Account{}) {
		t.Fatalf("DropTable: %v", err)
	}
}
