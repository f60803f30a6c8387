package tntgorm_test

import (
	"errors"
	"testing"
	"time"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"github.com/tntsql/tarantool/iproto"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Item struct {
	ID   int64
	Name string `gorm:"index"`
	N    int
}

func TestCRUD(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	migrate(t, db, &Item{})

	// Batch create with a mix of explicit and generated keys: every row
	// gets the id the server generated for it.
	items := []Item{{Name: "a", N: 1}, {ID: 100, Name: "b", N: 2}, {Name: "c", N: 3}}
	if err := db.Create(&items).Error; err != nil {
		t.Fatal(err)
	}
	if items[0].ID != 1 || items[1].ID != 100 || items[2].ID != 101 {
		t.Fatalf("ids %d %d %d", items[0].ID, items[1].ID, items[2].ID)
	}
	one := Item{Name: "d", N: 4}
	if err := db.Create(&one).Error; err != nil || one.ID != 102 {
		t.Fatalf("create: %v, id %d", err, one.ID)
	}

	var first Item
	if err := db.First(&first).Error; err != nil || first.ID != 1 {
		t.Fatalf("First: %v %+v", err, first)
	}
	var last Item
	if err := db.Last(&last).Error; err != nil || last.ID != 102 {
		t.Fatalf("Last: %v %+v", err, last)
	}
	var found []Item
	if err := db.Where(`"n" >= ?`, 2).Order(`"n" desc`).Limit(2).Offset(1).Find(&found).Error; err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].N != 3 || found[1].N != 2 {
		t.Fatalf("Where/Order/Limit/Offset: %+v", found)
	}
	found = nil
	if err := db.Order(`"id"`).Offset(2).Find(&found).Error; err != nil || len(found) != 2 || found[0].ID != 101 {
		t.Fatalf("Offset without Limit: %v %+v", err, found)
	}
	var n int64
	if err := db.Model(&Item{}).Where(`"name" <> ?`, "a").Count(&n).Error; err != nil || n != 3 {
		t.Fatalf("Count: %v %d", err, n)
	}
	var names []string
	if err := db.Model(&Item{}).Order(`"id"`).Pluck("name", &names).Error; err != nil || len(names) != 4 || names[3] != "d" {
		t.Fatalf("Pluck: %v %v", err, names)
	}
	if err := db.Model(&one).Updates(Item{Name: "dd", N: 40}).Error; err != nil {
		t.Fatal(err)
	}
	var got Item
	db.First(&got, one.ID)
	if got.Name != "dd" || got.N != 40 {
		t.Fatalf("Updates: %+v", got)
	}
	if err := db.Delete(&Item{}, 100).Error; err != nil {
		t.Fatal(err)
	}
	got = Item{}
	if err := db.First(&got, 100).Error; !errors.Is(err, gorm.ErrRecordNotFound) {
		t.Fatalf("after Delete: %v", err)
	}

	// Rows and ScanRows.
	rows, err := db.Model(&Item{}).Where(`"id" > ?`, 0).Order(`"id"`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for rows.Next() {
		var it Item
		if err := db.ScanRows(rows, &it); err != nil {
			t.Fatal(err)
		}
		k++
	}
	rows.Close()
	if k != 3 {
		t.Fatalf("Rows: %d", k)
	}
	// FindInBatches.
	var batches, total int
	var batch []Item
	if err := db.Order(`"id"`).FindInBatches(&batch, 2, func(tx *gorm.DB, _ int) error {
		batches++
		total += len(batch)
		return nil
	}).Error; err != nil || batches != 2 || total != 3 {
		t.Fatalf("FindInBatches: %v %d %d", err, batches, total)
	}

	// clause.Locking is refused; OnConflict DoNothing is INSERT OR IGNORE.
	if err := db.Clauses(clause.Locking{Strength: "UPDATE"}).Find(&found).Error; !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("Locking: %v", err)
	}
	dup := Item{ID: 1, Name: "x"}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&dup).Error; err != nil {
		t.Fatalf("OnConflict DoNothing: %v", err)
	}
	got = Item{}
	db.First(&got, 1)
	if got.Name != "a" {
		t.Fatalf("DoNothing replaced the row: %+v", got)
	}
	if err := db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&dup).Error; err != nil {
		t.Fatalf("OnConflict UpdateAll: %v", err)
	}
	got = Item{}
	db.First(&got, 1)
	if got.Name != "x" {
		t.Fatalf("UpdateAll did not replace: %+v", got)
	}
	// ON CONFLICT on the primary key setting columns to their new values
	// (what GORM writes for has-many): an UPDATE by key, else an INSERT.
	upsert := clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: clause.AssignmentColumns([]string{"name"})}
	ups := []Item{{ID: 1, Name: "y", N: 99}, {Name: "new", N: 5}}
	if err := db.Clauses(upsert).Create(&ups).Error; err != nil {
		t.Fatalf("OnConflict DoUpdates: %v", err)
	}
	got = Item{}
	db.First(&got, 1)
	if got.Name != "y" || got.N != 0 || ups[1].ID == 0 {
		t.Fatalf("OnConflict DoUpdates: %+v, new id %d", got, ups[1].ID)
	}
	// Any other DO UPDATE is refused.
	err = db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoUpdates: clause.AssignmentColumns([]string{"n"})}).Create(&dup).Error
	if !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("OnConflict DoUpdates on another column: %v", err)
	}
	err = db.Clauses(clause.OnConflict{DoUpdates: clause.Assignments(map[string]any{"n": 7})}).Create(&dup).Error
	if !errors.Is(err, tntgorm.ErrUnsupported) {
		t.Fatalf("OnConflict DoUpdates of a value: %v", err)
	}
}

type Event struct {
	ID        uint
	At        time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

func TestTimeNeeds210(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	err := db.AutoMigrate(&Event{})
	if s.Version < iproto.MakeVersion(2, 10, 0) {
		if !errors.Is(err, tntgorm.ErrUnsupported) {
			t.Fatalf("AutoMigrate with time.Time on %v: %v", s.Version, err)
		}
		t.Log(err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	e := Event{At: at}
	if err := db.Create(&e).Error; err != nil {
		t.Fatal(err)
	}
	var got Event
	if err := db.First(&got, e.ID).Error; err != nil || !got.At.Equal(at) {
		t.Fatalf("read back: %v %v", err, got.At)
	}
	// Soft delete.
	if err := db.Delete(&e).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.First(&got, e.ID).Error; !errors.Is(err, gorm.ErrRecordNotFound) {
		t.Fatalf("soft-deleted row found: %v", err)
	}
	if err := db.Unscoped().First(&got, e.ID).Error; err != nil || !got.DeletedAt.Valid {
		t.Fatalf("Unscoped: %v %+v", err, got)
	}
}

func TestNoDefaultTransactionBefore210(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	if want := s.Version < iproto.MakeVersion(2, 10, 0); db.SkipDefaultTransaction != want {
		t.Fatalf("SkipDefaultTransaction = %v on %v", db.SkipDefaultTransaction, s.Version)
	}
	if s.Version < iproto.MakeVersion(2, 10, 0) {
		if err := db.Transaction(func(*gorm.DB) error { return nil }); err == nil {
			t.Fatal("Transaction on 2.6 did not fail")
		}
	}
}
