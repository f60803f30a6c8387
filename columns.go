package tarantool

import (
	"database/sql"
	"reflect"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// column is one column of an SQL result, from the reply's METADATA.
type column = iproto.ColumnInfo

// columnSet is the decoded METADATA of a reply with its column names.
type columnSet struct {
	cols  []column
	names []string
}

// maxCachedColumnSets bounds a connection's cache of decoded metadata.
const maxCachedColumnSets = 64

// columns decodes a reply's METADATA, or takes it from the connection's
// cache when the same bytes were seen before: a statement's metadata
// repeats in every reply, and decoding it costs an allocation per name.
func (c *Conn) columns(raw []byte) (*columnSet, error) {
	if set, ok := c.colCache[string(raw)]; ok {
		return set, nil
	}
	cols, err := iproto.DecodeColumns(raw)
	if err != nil {
		return nil, err
	}
	set := &columnSet{cols: cols, names: make([]string, len(cols))}
	for i := range cols {
		set.names[i] = cols[i].Name
		if c.cfg.LowerColumnNames {
			set.names[i] = lowerUpperCaseName(set.names[i])
		}
	}
	if len(c.colCache) >= maxCachedColumnSets {
		clear(c.colCache)
	}
	c.colCache[string(raw)] = set
	return set, nil
}

// lowerUpperCaseName returns name in lower case when it has no lower-case
// letter (as Tarantool 2.x makes unquoted names), else name unchanged.
func lowerUpperCaseName(name string) string {
	if strings.ToUpper(name) != name {
		return name
	}
	return strings.ToLower(name)
}

var (
	typeInt64     = reflect.TypeFor[int64]()
	typeUint64    = reflect.TypeFor[uint64]()
	typeFloat64   = reflect.TypeFor[float64]()
	typeBool      = reflect.TypeFor[bool]()
	typeString    = reflect.TypeFor[string]()
	typeBytes     = reflect.TypeFor[[]byte]()
	typeAny       = reflect.TypeFor[any]()
	typeNullInt   = reflect.TypeFor[sql.NullInt64]()
	typeNullUint  = reflect.TypeFor[sql.Null[uint64]]()
	typeNullFloat = reflect.TypeFor[sql.NullFloat64]()
	typeNullBool  = reflect.TypeFor[sql.NullBool]()
	typeNullStr   = reflect.TypeFor[sql.NullString]()
	typeSlice     = reflect.TypeFor[[]any]()
	typeDecimal   = reflect.TypeFor[decimal.Decimal]()
	typeNullDec   = reflect.TypeFor[decimal.NullDecimal]()
	typeUUID      = reflect.TypeFor[uuid.UUID]()
	typeNullUUID  = reflect.TypeFor[uuid.NullUUID]()
	typeTime      = reflect.TypeFor[time.Time]()
	typeNullTime  = reflect.TypeFor[sql.NullTime]()
	typeInterval  = reflect.TypeFor[iproto.Interval]()
	typeNullIntvl = reflect.TypeFor[sql.Null[iproto.Interval]]()
)

// scanType returns the Go type a column's values scan into best: the
// sql.Null variant when the column may hold NULL (or nullability is not
// known).
func scanType(c *column) reflect.Type {
	mayBeNull := !c.NullableKnown || c.Nullable
	pick := func(plain, null reflect.Type) reflect.Type {
		if mayBeNull {
			return null
		}
		return plain
	}
	switch c.Type {
	case "integer":
		return pick(typeInt64, typeNullInt)
	case "unsigned":
		return pick(typeUint64, typeNullUint)
	case "double", "number", "float":
		return pick(typeFloat64, typeNullFloat)
	case "boolean":
		return pick(typeBool, typeNullBool)
	case "string", "text":
		return pick(typeString, typeNullStr)
	case "varbinary":
		return typeBytes
	case "decimal":
		return pick(typeDecimal, typeNullDec)
	case "uuid":
		return pick(typeUUID, typeNullUUID)
	case "datetime":
		return pick(typeTime, typeNullTime)
	case "interval":
		return pick(typeInterval, typeNullIntvl)
	case "array":
		return typeSlice
	}
	// scalar, any, numeric, and map, whose values are map[string]any or
	// map[any]any depending on their keys.
	return typeAny
}
