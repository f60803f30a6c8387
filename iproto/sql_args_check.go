package iproto

import "fmt"

// VersionSQLExtArgs is the first Tarantool that binds extension values
// (DECIMAL, UUID, DATETIME, INTERVAL), arrays and maps as SQL arguments.
// Tarantool 2.6 to 2.9 crash on an extension value bound in SQL
// (sql_bind_column) and refuse arrays and maps.
var VersionSQLExtArgs = MakeVersion(2, 10, 0)

// CheckSQLArgs returns an error for the first SQL argument that a server
// of version v cannot take, so that it is never sent: on servers older
// than VersionSQLExtArgs an extension value, array or map (whatever Go
// value encodes as one); on every version a map given by position, which
// the server would read as a named argument. args are as in Execute.Args:
// plain values bind by position, NamedArg values by name.
func CheckSQLArgs(v Version, args []any) error {
	var buf []byte
	for i, a := range args {
		val, named := a, false
		if na, ok := a.(NamedArg); ok {
			val, named = na.Value, true
		}
		if (named && v >= VersionSQLExtArgs) || scalarArg(val) {
			continue
		}
		var err error
		if buf, err = AppendValue(buf[:0], val); err != nil || len(buf) == 0 {
			return err // the request's encoding reports it again
		}
		kind := kindOf(buf[0])
		what := kind.String()
		if kind == KindExt {
			if t, _, err := NewDecoder(buf).Ext(); err == nil {
				what = t.String()
			}
		}
		arg := fmt.Sprintf("SQL argument %d", i+1)
		if named {
			arg = fmt.Sprintf("SQL argument %s", a.(NamedArg).Name)
		}
		switch {
		case v < VersionSQLExtArgs && (kind == KindExt || kind == KindArray || kind == KindMap):
			return fmt.Errorf("iproto: %s is a %s (%T), which Tarantool %v cannot bind (2.6 to 2.9 crash on extension values): it needs %v or later", arg, what, val, v, VersionSQLExtArgs)
		case kind == KindMap && !named:
			return fmt.Errorf("iproto: %s is a map, which binds only by name (NamedArg): Tarantool reads a map in place of a positional argument as a named parameter", arg)
		}
	}
	return nil
}

// scalarArg reports whether v is of a type that never encodes as an
// extension, array or map.
func scalarArg(v any) bool {
	switch v.(type) {
	case nil, bool, string, []byte, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}
