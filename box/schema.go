package box

import (
	"fmt"
	"sort"
)

// Schema is the server's spaces and indexes as the connection's user sees
// them (from the _vspace and _vindex views), at one schema version.
type Schema struct {
	// Version is the server's schema version the definitions were read at.
	Version uint64
	byName  map[string]*Space
	byID    map[uint32]*Space
	names   *nameCache // resolved pairs of names; nil in a Schema not from the server
}

// Space is a space definition.
type Space struct {
	ID     uint32
	Name   string
	Engine string // "memtx", "vinyl", ...
	// FieldCount is the exact number of fields the space requires; 0 means
	// any.
	FieldCount uint32
	// Fields is the space format: names and types of the first fields.
	Fields  []Field
	indexes []*Index // by id order
	byName  map[string]*Index
	fieldNo map[string]int
	// named is set on the Space behind a Format: struct fields are then
	// taken from tuples by name.
	named *namedColumns
}

// Field is one field of a space format.
type Field struct {
	Name       string
	Type       string // "unsigned", "string", "any", ...; "" when not given
	IsNullable bool
}

// Index is an index definition.
type Index struct {
	SpaceID uint32
	ID      uint32
	Name    string
	Type    string // "tree", "hash", "bitset", "rtree"
	Unique  bool
	Parts   []Part
}

// Part is one part of an index key.
type Part struct {
	Field      uint32 // 0-based field number
	Type       string
	IsNullable bool
	Path       string // JSON path inside the field, "" for none
}

// Space returns the space with the given name.
func (s *Schema) Space(name string) (*Space, bool) {
	sp, ok := s.byName[name]
	return sp, ok
}

// SpaceByID returns the space with the given id.
func (s *Schema) SpaceByID(id uint32) (*Space, bool) {
	sp, ok := s.byID[id]
	return sp, ok
}

// Spaces returns every space, ordered by id.
func (s *Schema) Spaces() []*Space {
	out := make([]*Space, 0, len(s.byID))
	for _, sp := range s.byID {
		out = append(out, sp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Index returns the index with the given name.
func (sp *Space) Index(name string) (*Index, bool) {
	ix, ok := sp.byName[name]
	return ix, ok
}

// IndexByID returns the index with the given id.
func (sp *Space) IndexByID(id uint32) (*Index, bool) {
	for _, ix := range sp.indexes {
		if ix.ID == id {
			return ix, true
		}
	}
	return nil, false
}

// Indexes returns the space's indexes, ordered by id.
func (sp *Space) Indexes() []*Index { return append([]*Index(nil), sp.indexes...) }

// FieldNo returns the 0-based number of the field with the given name in
// the space format.
func (sp *Space) FieldNo(name string) (int, bool) {
	n, ok := sp.fieldNo[name]
	return n, ok
}

// String returns the space's name and id.
func (sp *Space) String() string { return fmt.Sprintf("space %q (id %d)", sp.Name, sp.ID) }

func newSchema(version uint64, spaces []*Space, indexes []*Index) *Schema {
	s := &Schema{
		Version: version,
		byName:  make(map[string]*Space, len(spaces)),
		byID:    make(map[uint32]*Space, len(spaces)),
		names:   new(nameCache),
	}
	for _, sp := range spaces {
		sp.byName = make(map[string]*Index)
		sp.fieldNo = make(map[string]int, len(sp.Fields))
		for i, f := range sp.Fields {
			if _, dup := sp.fieldNo[f.Name]; !dup && f.Name != "" {
				sp.fieldNo[f.Name] = i
			}
		}
		s.byName[sp.Name] = sp
		s.byID[sp.ID] = sp
	}
	sort.Slice(indexes, func(i, j int) bool {
		if indexes[i].SpaceID != indexes[j].SpaceID {
			return indexes[i].SpaceID < indexes[j].SpaceID
		}
		return indexes[i].ID < indexes[j].ID
	})
	for _, ix := range indexes {
		sp, ok := s.byID[ix.SpaceID]
		if !ok {
			continue // a space the user cannot see
		}
		sp.indexes = append(sp.indexes, ix)
		sp.byName[ix.Name] = ix
	}
	return s
}
