package tntgorm_test

import (
	"fmt"
	"log"

	tntgorm "github.com/tntsql/tarantool/contrib/gorm"
	"gorm.io/gorm"
)

func Example() {
	// sql_seq_scan is turned on for the session unless the DSN sets it.
	db, err := gorm.Open(tntgorm.Open("tarantool://app:s3cret@127.0.0.1:3301"), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}
	type User struct {
		ID   uint
		Name string `gorm:"size:64;index"`
	}
	if err := db.AutoMigrate(&User{}); err != nil {
		log.Fatal(err)
	}
	users := []User{{Name: "ann"}, {Name: "bob"}}
	db.Create(&users) // every generated id is set
	var found []User
	db.Where(`"name" = ?`, "ann").Find(&found) // quote names in raw SQL: 2.x upper-cases unquoted ones
	fmt.Println(users[1].ID, len(found))
}
