package tntgorm_test

import (
	"errors"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"gorm.io/gorm"
)

func TestTransactions(t *testing.T) {
	s := tnttest.RequireMVCC(t)
	db := openDB(t, s)
	migrate(t, db, &Item{})
	errBoom := errors.New("boom")
	err := db.Transaction(func(tx *gorm.DB) error {
		batch := []Item{{Name: "a"}, {ID: 50, Name: "b"}, {Name: "c"}}
		if err := tx.Create(&batch).Error; err != nil {
			return err
		}
		if batch[0].ID != 1 || batch[2].ID != 51 {
			t.Errorf("ids in a transaction: %d %d", batch[0].ID, batch[2].ID)
		}
		// Nested: rolled back to its savepoint.
		if err := tx.Transaction(func(tx2 *gorm.DB) error {
			tx2.Create(&Item{Name: "nested"})
			return errBoom
		}); !errors.Is(err, errBoom) {
			t.Errorf("nested: %v", err)
		}
		tx.SavePoint("sp1")
		tx.Create(&Item{Name: "undone"})
		tx.RollbackTo("sp1")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	db.Model(&Item{}).Order(`"id"`).Pluck("name", &names)
	if len(names) != 3 || names[0] != "a" || names[2] != "c" {
		t.Fatalf("after commit: %v", names)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		tx.Create(&Item{Name: "gone"})
		return errBoom
	})
	var n int64
	db.Model(&Item{}).Where(`"name" = ?`, "gone").Count(&n)
	if !errors.Is(err, errBoom) || n != 0 {
		t.Fatalf("rollback: %v, %d rows", err, n)
	}
}
