package box

import "fmt"

// System views the schema is read from.
const (
	vspaceID = 281
	vindexID = 289
)

// decodeSpaces turns the tuples of _vspace:
// [id, owner, name, engine, field_count, flags, format].
func decodeSpaces(tuples []any) ([]*Space, error) {
	out := make([]*Space, 0, len(tuples))
	for _, t := range tuples {
		f, ok := t.([]any)
		if !ok || len(f) < 3 {
			return nil, fmt.Errorf("tarantool: malformed _vspace tuple %v", t)
		}
		id, ok1 := asUint32(f[0])
		name, ok2 := f[2].(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("tarantool: malformed _vspace tuple %v", t)
		}
		sp := &Space{ID: id, Name: name}
		if len(f) > 3 {
			sp.Engine, _ = f[3].(string)
		}
		if len(f) > 4 {
			sp.FieldCount, _ = asUint32(f[4])
		}
		if len(f) > 6 {
			format, _ := f[6].([]any)
			for _, fd := range format {
				m, ok := fd.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("tarantool: malformed format of space %q: %v", name, fd)
				}
				field := Field{}
				field.Name, _ = m["name"].(string)
				field.Type, _ = m["type"].(string)
				field.IsNullable, _ = m["is_nullable"].(bool)
				sp.Fields = append(sp.Fields, field)
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

// decodeIndexes turns the tuples of _vindex:
// [space_id, index_id, name, type, opts, parts], where parts is either
// [[field_no, type], ...] or [{field=, type=, is_nullable=, path=}, ...].
func decodeIndexes(tuples []any) ([]*Index, error) {
	out := make([]*Index, 0, len(tuples))
	for _, t := range tuples {
		f, ok := t.([]any)
		if !ok || len(f) < 6 {
			return nil, fmt.Errorf("tarantool: malformed _vindex tuple %v", t)
		}
		sid, ok1 := asUint32(f[0])
		iid, ok2 := asUint32(f[1])
		name, ok3 := f[2].(string)
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("tarantool: malformed _vindex tuple %v", t)
		}
		ix := &Index{SpaceID: sid, ID: iid, Name: name}
		ix.Type, _ = f[3].(string)
		if opts, ok := f[4].(map[string]any); ok {
			ix.Unique, _ = opts["unique"].(bool)
		}
		parts, _ := f[5].([]any)
		for _, p := range parts {
			part, err := decodePart(p)
			if err != nil {
				return nil, fmt.Errorf("tarantool: index %q of space %d: %w", name, sid, err)
			}
			ix.Parts = append(ix.Parts, part)
		}
		out = append(out, ix)
	}
	return out, nil
}

func decodePart(p any) (Part, error) {
	var part Part
	switch p := p.(type) {
	case []any: // short form
		if len(p) < 2 {
			return part, fmt.Errorf("malformed key part %v", p)
		}
		no, ok1 := asUint32(p[0])
		typ, ok2 := p[1].(string)
		if !ok1 || !ok2 {
			return part, fmt.Errorf("malformed key part %v", p)
		}
		part.Field, part.Type = no, typ
	case map[string]any: // long form
		no, ok := asUint32(p["field"])
		if !ok {
			return part, fmt.Errorf("malformed key part %v", p)
		}
		part.Field = no
		part.Type, _ = p["type"].(string)
		part.IsNullable, _ = p["is_nullable"].(bool)
		part.Path, _ = p["path"].(string)
	default:
		return part, fmt.Errorf("malformed key part %v", p)
	}
	return part, nil
}

// asUint32 converts a decoded MessagePack integer to uint32.
func asUint32(v any) (uint32, bool) {
	switch n := v.(type) {
	case int64:
		if n >= 0 && n <= 1<<32-1 {
			return uint32(n), true
		}
	case uint64:
		if n <= 1<<32-1 {
			return uint32(n), true
		}
	}
	return 0, false
}
