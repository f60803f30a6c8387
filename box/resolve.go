package box

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/tntsql/tarantool/iproto/engine"
)

// NameError reports a space, index or field name the server's schema does
// not have (as the connection's user sees it), even once loaded again.
type NameError struct {
	Kind  string // "space", "index" or "field"
	Name  string
	Space string // the space of an index or field
	// Suggestions are the names of that kind the schema has that differ
	// from Name only in case, sorted; nil when there are none. Tarantool
	// 3.x keeps the case of SQL names (CREATE TABLE items makes space
	// "items") where 2.x upper-cases them ("ITEMS").
	Suggestions []string
}

func (e *NameError) Error() string {
	var msg string
	if e.Space != "" {
		msg = fmt.Sprintf("tarantool: space %s has no %s %q", e.Space, e.Kind, e.Name)
	} else {
		msg = fmt.Sprintf("tarantool: no %s %q", e.Kind, e.Name)
	}
	if len(e.Suggestions) == 0 {
		return msg
	}
	var b strings.Builder
	b.WriteString(msg)
	b.WriteString("; did you mean ")
	for i, s := range e.Suggestions {
		switch {
		case i == 0:
		case i == len(e.Suggestions)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString("?")
	return b.String()
}

// sameButCase returns the keys of names that equal name but for case,
// sorted.
func sameButCase[T any](names map[string]T, name string) []string {
	var out []string
	for n := range names {
		if n != name && strings.EqualFold(n, name) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// target is what a request's space and index resolved to.
type target struct {
	space   *Space // nil when given by id and no schema is loaded
	spaceID uint32
	indexID uint32
	version uint64 // schema version to send; 0 when only ids were given
}

// resolve turns a space (name or id) and an index (name, id, or nil for
// the primary key) into ids. A name not found in a schema that was not
// just loaded makes the schema load again once, for spaces created since.
func (c *Conn) resolve(ctx context.Context, ic *engine.Conn, space, index any) (target, error) {
	var t target
	sid, byID, err := asID("space", space)
	if err != nil {
		return t, err
	}
	iid, ixByID := uint32(0), true
	if index != nil {
		if iid, ixByID, err = asID("index", index); err != nil {
			return t, err
		}
	}
	if byID && ixByID {
		t.spaceID, t.indexID = sid, iid
		if s := c.sch.Load(); s != nil {
			t.space = s.byID[sid]
		}
		return t, nil
	}
	s, err := c.currentSchema(ctx, ic)
	if err != nil {
		return t, err
	}
	spaceName, ixName, named := cacheableNames(space, index)
	if named && s.names != nil {
		if t, ok := s.names.get(spaceName, ixName); ok {
			return t, nil
		}
	}
	for fresh := false; ; fresh = true {
		t, err = lookup(s, space, index, sid, iid, byID, ixByID)
		if err == nil && named && s.names != nil {
			s.names.put(spaceName, ixName, t)
		}
		if err == nil || fresh {
			return t, err
		}
		if s, err = c.reloadSchema(ctx, ic, s); err != nil {
			return t, err
		}
	}
}

// cacheableNames returns space and index as the strings a nameCache
// keys them by, and whether they are names (the index may be nil, the
// primary key: ""; an empty name is never cached, it names nothing).
func cacheableNames(space, index any) (spaceName, ixName string, ok bool) {
	spaceName, ok = space.(string)
	if !ok || spaceName == "" {
		return "", "", false
	}
	if index == nil {
		return spaceName, "", true
	}
	ixName, ok = index.(string)
	return spaceName, ixName, ok && ixName != ""
}

func lookup(s *Schema, space, index any, sid, iid uint32, byID, ixByID bool) (target, error) {
	t := target{version: s.Version, spaceID: sid, indexID: iid}
	if byID {
		t.space = s.byID[sid]
		if t.space == nil {
			return t, &NameError{Kind: "space", Name: fmt.Sprint(sid)}
		}
	} else {
		name := space.(string)
		if t.space = s.byName[name]; t.space == nil {
			return t, &NameError{Kind: "space", Name: name, Suggestions: sameButCase(s.byName, name)}
		}
		t.spaceID = t.space.ID
	}
	if !ixByID {
		name := index.(string)
		ix := t.space.byName[name]
		if ix == nil {
			return t, &NameError{Kind: "index", Name: name, Space: strconv.Quote(t.space.Name),
				Suggestions: sameButCase(t.space.byName, name)}
		}
		t.indexID = ix.ID
	}
	return t, nil
}

// asID reads a space or index given as a name (string: byID false) or as
// a number of any integer type.
func asID(kind string, v any) (id uint32, byID bool, err error) {
	switch x := v.(type) {
	case string:
		return 0, false, nil
	case uint32:
		return x, true, nil
	case int:
		if x >= 0 && uint64(x) <= math.MaxUint32 {
			return uint32(x), true, nil
		}
	case uint64:
		if x <= math.MaxUint32 {
			return uint32(x), true, nil
		}
	case int64:
		if x >= 0 && x <= math.MaxUint32 {
			return uint32(x), true, nil
		}
	default:
		rv := reflect.ValueOf(v)
		switch {
		case rv.CanInt() && rv.Int() >= 0 && rv.Int() <= math.MaxUint32:
			return uint32(rv.Int()), true, nil
		case rv.CanUint() && rv.Uint() <= math.MaxUint32:
			return uint32(rv.Uint()), true, nil
		case !rv.IsValid() || (!rv.CanInt() && !rv.CanUint()):
			return 0, false, fmt.Errorf("tarantool: a %s is a name (string) or an id (integer), not %T", kind, v)
		}
	}
	return 0, false, fmt.Errorf("tarantool: %s id %v is out of range", kind, v)
}
