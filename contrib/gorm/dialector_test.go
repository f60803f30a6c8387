package tntgorm_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
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

type Defaulted struct {
	ID    int64
	N     int    `gorm:"default:5"`
	Label string `gorm:"default:none"`
	Note  string
}

func TestDefaultValueOf(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	sch, err := schema.Parse(&Defaulted{}, &sync.Map{}, db.NamingStrategy)
	if err != nil {
		t.Fatal(err)
	}
	build := func(e clause.Expression) string {
		stmt := &gorm.Statement{DB: db, Clauses: map[string]clause.Clause{}}
		e.Build(stmt)
		return db.Dialector.Explain(stmt.SQL.String(), stmt.Vars...)
	}
	for name, want := range map[string]string{"ID": "NULL", "N": "5", "Label": "'none'", "Note": "NULL"} {
		if got := build(db.Dialector.DefaultValueOf(sch.LookUpField(name))); got != want {
			t.Errorf("DefaultValueOf(%s) = %s, want %s", name, got, want)
		}
	}
	// A batch where one row sets what the other leaves to its default.
	migrate(t, db, &Defaulted{})
	rows := []Defaulted{{N: 1, Label: "x"}, {ID: 10}}
	if err := db.Create(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var got []Defaulted
	if err := db.Order(`"id"`).Find(&got).Error; err != nil || len(got) != 2 {
		t.Fatalf("Find: %v %+v", err, got)
	}
	if got[0].ID != 1 || got[0].N != 1 || got[0].Label != "x" || got[1].ID != 10 || got[1].N != 5 || got[1].Label != "none" {
		t.Fatalf("read back %+v", got)
	}
}

func TestExplain(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	got := db.Dialector.Explain(`SELECT * FROM "t" WHERE "a" = ? AND "b" = ? AND "c" IS ? AND "d" = ?`, 1, "it's", nil, true)
	want := `SELECT * FROM "t" WHERE "a" = 1 AND "b" = 'it''s' AND "c" IS NULL AND "d" = true`
	if got != want {
		t.Fatalf("Explain = %s\nwant      %s", got, want)
	}
	// What ToSQL (which uses Explain) writes runs as is.
	migrate(t, db, &Item{})
	db.Create(&Item{Name: "it's", N: 3})
	q := db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		return tx.Model(&Item{}).Where(&Item{Name: "it's", N: 3}).Find(&[]Item{})
	})
	var items []Item
	if err := db.Raw(q).Scan(&items).Error; err != nil || len(items) != 1 {
		t.Fatalf("running %s: %v %+v", q, err, items)
	}
}
