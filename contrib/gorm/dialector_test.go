package tntgorm_test

import (
	"errors"
	"strings"
	"testing"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"gorm.io/gorm"
)

type Product struct {
	ID     uint
	Code   string `gorm:"size:20;uniqueIndex"`
	Price  float64
	Count  int64
	Big    uint64
	OK     bool
	Blob   []byte
	Remark string `gorm:"index"`
}

func TestDialectorBasics(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	if got := db.Dialector.Name(); got != "tarantool" {
		t.Fatalf("Name = %q", got)
	}
	sql := db.ToSQL(func(tx *gorm.DB) *gorm.DB { return tx.Where(`"code" = ?`, "a").Find(&[]Product{}) })
	if !strings.Contains(sql, `FROM "g`) || !strings.Contains(sql, `"code" = 'a'`) {
		t.Fatalf("ToSQL = %s", sql)
	}
	if v := db.Dialector.(*tntgorm.Dialector).ServerVersion(); v != s.Version {
		t.Fatalf("ServerVersion = %v, want %v", v, s.Version)
	}
}

func TestDataTypes(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	migrate(t, db, &Product{})
	cts, err := db.Migrator().ColumnTypes(&Product{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "INTEGER", "code": "STRING", "price": "DOUBLE", "count": "INTEGER",
		"big": "UNSIGNED", "ok": "BOOLEAN", "blob": "VARBINARY", "remark": "STRING"}
	for _, ct := range cts {
		if want[ct.Name()] != ct.DatabaseTypeName() {
			t.Errorf("column %s: %s, want %s", ct.Name(), ct.DatabaseTypeName(), want[ct.Name()])
		}
		if ct.Name() == "id" {
			if pk, _ := ct.PrimaryKey(); !pk {
				t.Errorf("id is not the primary key")
			}
		}
		if ct.Name() == "code" {
			if u, _ := ct.Unique(); !u {
				t.Errorf("code is not unique")
			}
		}
		delete(want, ct.Name())
	}
	if len(want) != 0 {
		t.Errorf("missing columns %v", want)
	}
	p := Product{Code: "a", Price: 2.5, Count: -3, Big: 1 << 63, OK: true, Blob: []byte{0, 1}}
	if err := db.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 {
		t.Fatal("no id")
	}
	var got Product
	if err := db.First(&got, p.ID).Error; err != nil {
		t.Fatal(err)
	}
	if got.Code != "a" || got.Price != 2.5 || got.Count != -3 || got.Big != 1<<63 || !got.OK || string(got.Blob) != "\x00\x01" {
		t.Fatalf("read back %+v", got)
	}
	// A second AutoMigrate of the same model changes nothing.
	migrate(t, db, &Product{})
	err = db.Create(&Product{Code: "a"}).Error
	if err == nil {
		t.Fatal("duplicate code accepted")
	}
	db2 := db.Session(&gorm.Session{})
	db2.Config.TranslateError = true
	if err := db2.Create(&Product{Code: "a"}).Error; !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Fatalf("TranslateError: %v", err)
	}
}
