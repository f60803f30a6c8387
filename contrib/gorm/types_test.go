package tntgorm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"github.com/tntsql/tarantool/iproto"
)

type Money struct {
	ID     int64
	Amount decimal.Decimal
	Ref    uuid.UUID `gorm:"index"`
	MaybeD decimal.NullDecimal
	MaybeU uuid.NullUUID
}

func TestDecimalUUID(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	err := db.AutoMigrate(&Money{})
	if s.Version < iproto.MakeVersion(2, 10, 0) {
		if !errors.Is(err, tntgorm.ErrUnsupported) || !strings.Contains(err.Error(), "2.10") {
			t.Fatalf("AutoMigrate with decimal/uuid on %v: %v", s.Version, err)
		}
		t.Log(err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	cts, err := db.Migrator().ColumnTypes(&Money{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "INTEGER", "amount": "DECIMAL", "ref": "UUID", "maybe_d": "DECIMAL", "maybe_u": "UUID"}
	for _, ct := range cts {
		if want[ct.Name()] != ct.DatabaseTypeName() {
			t.Errorf("column %s: %s, want %s", ct.Name(), ct.DatabaseTypeName(), want[ct.Name()])
		}
	}
	amount := decimal.RequireFromString("-12345678901234567890.123456789")
	ref := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	m := Money{Amount: amount, Ref: ref}
	if err := db.Create(&m).Error; err != nil {
		t.Fatal(err)
	}
	m2 := Money{Amount: decimal.New(5, -2), Ref: uuid.New(),
		MaybeD: decimal.NewNullDecimal(decimal.New(7, 0)), MaybeU: uuid.NullUUID{UUID: ref, Valid: true}}
	if err := db.Create(&m2).Error; err != nil {
		t.Fatal(err)
	}
	var got Money
	if err := db.First(&got, m.ID).Error; err != nil {
		t.Fatal(err)
	}
	if !got.Amount.Equal(amount) || got.Ref != ref || got.MaybeD.Valid || got.MaybeU.Valid {
		t.Fatalf("read back %+v", got)
	}
	var got2 Money
	if err := db.Where(&Money{Ref: m2.Ref}).First(&got2).Error; err != nil {
		t.Fatalf("by uuid: %v", err)
	}
	if got2.ID != m2.ID || !got2.Amount.Equal(m2.Amount) || !got2.MaybeD.Decimal.Equal(decimal.New(7, 0)) || got2.MaybeU.UUID != ref {
		t.Fatalf("read back %+v", got2)
	}
	var n int64
	if err := db.Model(&Money{}).Where(`"amount" > ?`, decimal.Zero).Count(&n).Error; err != nil || n != 1 {
		t.Fatalf("decimal comparison: %v %d", err, n)
	}
}
