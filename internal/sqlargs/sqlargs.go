// Package sqlargs is the one rule, shared by the SQL driver and box, for
// which SQL arguments a server of a given version binds: arguments it
// cannot take are refused before they are sent.
package sqlargs

import (
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// Refusal is the one rule for which SQL arguments a server of
// version v binds. sqlType is the argument's SQL type as its MessagePack
// form gives it (DECIMAL, UUID, DATETIME, INTERVAL, ARRAY, MAP; "" for a
// scalar), named says it binds by name, and byName is how the caller's
// API passes an argument by name, for the message. It returns "" when the
// server takes the argument, else the reason, to follow "<argument> is a
// <type> (<Go type>); ".
func Refusal(v iproto.Version, sqlType string, named bool, byName string) string {
	switch {
	case sqlType == "":
		return ""
	case v < iproto.VersionSQLExtArgs:
		return fmt.Sprintf("Tarantool %v cannot bind DECIMAL, UUID, DATETIME, INTERVAL, ARRAY or MAP in SQL (2.6 to 2.9 crash on extension values): it needs %v or later", v, iproto.VersionSQLExtArgs)
	case sqlType == "MAP" && !named:
		return "a MAP binds only by name (" + byName + "): Tarantool reads a map in place of a positional argument as a named parameter"
	}
	return ""
}

// Check returns an error for the first SQL argument that a server
// of version v cannot take (Refusal), so that it is never sent.
// args are as in iproto.Execute.Args: plain values bind by position, NamedArg
// values by name. A Go value is classified by what it encodes as.
func Check(v iproto.Version, args []any) error {
	var buf []byte
	for i, a := range args {
		val, named := a, false
		if na, ok := a.(iproto.NamedArg); ok {
			val, named = na.Value, true
		}
		if (named && v >= iproto.VersionSQLExtArgs) || scalarArg(val) {
			continue
		}
		var err error
		if buf, err = iproto.AppendValue(buf[:0], val); err != nil || len(buf) == 0 {
			return err // the request's encoding reports it again
		}
		typ := ""
		switch iproto.NewDecoder(buf).Peek() {
		case iproto.KindExt:
			typ = "extension"
			if t, _, err := iproto.NewDecoder(buf).Ext(); err == nil {
				typ = t.String()
			}
		case iproto.KindArray:
			typ = "ARRAY"
		case iproto.KindMap:
			typ = "MAP"
		}
		if reason := Refusal(v, typ, named, "NamedArg"); reason != "" {
			arg := fmt.Sprintf("SQL argument %d", i+1)
			if named {
				arg = "SQL argument " + a.(iproto.NamedArg).Name
			}
			return fmt.Errorf("tarantool: %s is a %s (%T); %s", arg, typ, val, reason)
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
