package tarantool_test

import (
	"database/sql"
	"fmt"
	"math"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	tarantool "github.com/tntsql/tarantool"
)

// storeCounter is application code written against *sql.DB.
func storeCounter(db *sql.DB, id uint64, name string) error {
	_, err := db.Exec(`REPLACE INTO counters VALUES (?, ?)`, id, name)
	return err
}

// TestSqlmockConverter shows go-sqlmock accepting what the driver accepts
// (a uint64 above math.MaxInt64) and refusing what it refuses.
func TestSqlmockConverter(t *testing.T) {
	db, mock, err := sqlmock.New(sqlmock.ValueConverterOption(tarantool.ValueConverter))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mock.ExpectExec(`REPLACE INTO counters`).
		WithArgs(uint64(math.MaxUint64), "big").
		WillReturnResult(sqlmock.NewResult(0, 1))
	if err := storeCounter(db, math.MaxUint64, "big"); err != nil {
		t.Fatalf("uint64 above MaxInt64: %v", err)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
	if _, err := db.Exec(`SELECT ?`, math.NaN()); err == nil {
		t.Error("NaN: want the driver's error")
	}
}

func TestValueConverter(t *testing.T) {
	type myString string
	s := "p"
	var nilPtr *int
	for _, tc := range []struct {
		in   any
		want any
	}{
		{int8(-3), int64(-3)},
		{uint8(3), int64(3)},
		{uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{float32(1.5), 1.5},
		{myString("x"), "x"},
		{&s, "p"},
		{nilPtr, nil},
		{sql.NullString{String: "v", Valid: true}, "v"},
		{sql.NullInt64{}, nil},
		{[]byte("b"), []byte("b")},
	} {
		got, err := tarantool.ValueConverter.ConvertValue(tc.in)
		if err != nil {
			t.Errorf("%#v: %v", tc.in, err)
			continue
		}
		if gb, ok := got.([]byte); ok {
			if string(gb) != string(tc.want.([]byte)) {
				t.Errorf("%#v: got %#v, want %#v", tc.in, got, tc.want)
			}
		} else if got != tc.want {
			t.Errorf("%#v: got %#v, want %#v", tc.in, got, tc.want)
		}
	}
	for _, bad := range []any{[]int{1}, map[string]int{}, struct{}{}, math.NaN(), make(chan int)} {
		if _, err := tarantool.ValueConverter.ConvertValue(bad); err == nil {
			t.Errorf("%T: want an error", bad)
		}
	}
}

// Tests of code written on top of *sql.DB can use go-sqlmock with the
// driver's argument rules.
func ExampleValueConverter() {
	db, mock, err := sqlmock.New(sqlmock.ValueConverterOption(tarantool.ValueConverter))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	mock.ExpectExec(`REPLACE INTO counters`).
		WithArgs(uint64(math.MaxUint64), "big").
		WillReturnResult(sqlmock.NewResult(0, 1))
	fmt.Println(storeCounter(db, math.MaxUint64, "big"))
	_, err = db.Exec(`SELECT ?`, []int{1})
	fmt.Println(err != nil)
	// Output:
	// <nil>
	// true
}
