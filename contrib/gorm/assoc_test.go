package tntgorm_test

import (
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Company struct {
	ID   int64
	Name string
}

type Profile struct {
	ID       int64
	MemberID int64
	Bio      string
}

type Post struct {
	ID       int64
	MemberID int64
	Title    string
}

type Tag struct {
	ID   int64
	Name string
}

type Member struct {
	ID        int64
	Name      string
	CompanyID int64
	Company   Company
	Profile   Profile
	Posts     []Post
	Tags      []Tag `gorm:"many2many:member_tags"`
}

func TestAssociations(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	migrate(t, db, &Company{}, &Member{}, &Profile{}, &Post{}, &Tag{})

	shared := Tag{Name: "shared"}
	if err := db.Create(&shared).Error; err != nil {
		t.Fatal(err)
	}
	m := Member{
		Name:    "ann",
		Company: Company{Name: "acme"},
		Profile: Profile{Bio: "hi"},
		Posts:   []Post{{Title: "p1"}, {Title: "p2"}},
		Tags:    []Tag{shared, {Name: "new"}},
	}
	if err := db.Create(&m).Error; err != nil {
		t.Fatalf("Create with associations: %v", err)
	}
	if m.ID == 0 || m.CompanyID == 0 || m.Company.ID != m.CompanyID || m.Profile.MemberID != m.ID ||
		m.Posts[1].ID == 0 || m.Posts[1].MemberID != m.ID || m.Tags[1].ID == 0 {
		t.Fatalf("ids after Create: %+v", m)
	}
	// Saving again: the children exist (ON CONFLICT DO UPDATE of their
	// foreign keys, join rows ON CONFLICT DO NOTHING).
	m.Name = "ann2"
	if err := db.Save(&m).Error; err != nil {
		t.Fatalf("Save with associations: %v", err)
	}
	other := Member{Name: "bob", Company: m.Company, Posts: []Post{m.Posts[0]}}
	if err := db.Create(&other).Error; err != nil {
		t.Fatalf("Create moving a child: %v", err)
	}

	var got Member
	if err := db.Preload("Company").Preload("Profile").Preload("Posts", func(tx *gorm.DB) *gorm.DB {
		return tx.Order(`"id"`)
	}).Preload("Tags").First(&got, m.ID).Error; err != nil {
		t.Fatalf("Preload: %v", err)
	}
	if got.Name != "ann2" || got.Company.Name != "acme" || got.Profile.Bio != "hi" ||
		len(got.Posts) != 1 || got.Posts[0].Title != "p2" || len(got.Tags) != 2 {
		t.Fatalf("Preload: %+v", got)
	}
	var moved Post
	if err := db.First(&moved, m.Posts[0].ID).Error; err != nil || moved.MemberID != other.ID {
		t.Fatalf("moved post: %v %+v", err, moved)
	}
	var joined []Member
	if err := db.Joins("Company").Joins("Profile").Order(clause.OrderByColumn{Column: clause.Column{Table: clause.CurrentTable, Name: "id"}}).Find(&joined).Error; err != nil {
		t.Fatalf("Joins: %v", err)
	}
	if len(joined) != 2 || joined[0].Company.Name != "acme" || joined[0].Profile.Bio != "hi" || joined[1].Profile.ID != 0 {
		t.Fatalf("Joins: %+v", joined)
	}

	// Deleting parents: the foreign keys need an index on their columns
	// (2.10+), which the migrator created.
	if err := db.Select(clause.Associations).Delete(&m).Error; err != nil {
		t.Fatalf("Delete with associations: %v", err)
	}
	var n int64
	db.Model(&Post{}).Where(&Post{MemberID: m.ID}).Count(&n)
	if n != 0 {
		t.Fatalf("%d posts left", n)
	}
	// The foreign keys are there: a company still referenced by a member
	// cannot go.
	if err := db.Delete(&Company{}, other.CompanyID).Error; err == nil {
		t.Fatal("deleted a company a member refers to")
	}
	lone := Company{Name: "lone"}
	if err := db.Create(&lone).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(&lone).Error; err != nil {
		t.Fatalf("Delete of a parent without children: %v", err)
	}
	if err := db.Delete(&Tag{}, shared.ID).Error; err != nil {
		t.Fatalf("Delete of a many-to-many parent: %v", err)
	}
}

type Hooked struct {
	ID    int64
	Name  string
	Trace string
	found int
}

func (h *Hooked) BeforeCreate(*gorm.DB) error { h.Trace += "bc,"; return nil }
func (h *Hooked) AfterCreate(*gorm.DB) error  { h.Trace += "ac,"; return nil }
func (h *Hooked) BeforeUpdate(*gorm.DB) error { h.Trace += "bu,"; return nil }
func (h *Hooked) AfterFind(*gorm.DB) error    { h.found++; return nil }

func TestHooks(t *testing.T) {
	s := server(t)
	db := openDB(t, s)
	migrate(t, db, &Hooked{})
	h := Hooked{Name: "a"}
	if err := db.Create(&h).Error; err != nil {
		t.Fatal(err)
	}
	if h.Trace != "bc,ac," {
		t.Fatalf("after Create: %q", h.Trace)
	}
	var got Hooked
	if err := db.First(&got, h.ID).Error; err != nil || got.found != 1 || got.Trace != "bc," {
		t.Fatalf("AfterFind: %v %+v", err, got)
	}
	if err := db.Model(&got).Update("name", "b").Error; err != nil {
		t.Fatal(err)
	}
	if got.Trace != "bc,bu," {
		t.Fatalf("BeforeUpdate: %q", got.Trace)
	}
}
