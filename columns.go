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
type column struct {
	name          string
	typ           string // Tarantool's type name, lower case ("integer")
	collation     string
	nullable      bool
	nullableKnown bool // IS_NULLABLE was sent (sql_full_metadata, table columns)
	autoincrement bool
	span          string // the expression as written; "" when it equals name
}

// decodeColumns decodes a METADATA array.
func decodeColumns(raw []byte) ([]column, error) {
	if raw == nil {
		return nil, nil
	}
	d := iproto.NewDecoder(raw)
	n, err := d.ArrayLen()
	if err != nil {
		return nil, err
	}
	cols := make([]column, n)
	for i := range cols {
		m, err := d.MapLen()
		if err != nil {
			return nil, err
		}
		col := &cols[i]
		for j := 0; j < m; j++ {
			k, err := d.Uint()
			if err != nil {
				return nil, err
			}
			switch k {
			case iproto.FieldName:
				col.name, err = d.String()
			case iproto.FieldType:
				col.typ, err = d.String()
				col.typ = strings.ToLower(col.typ)
			case iproto.FieldColl:
				col.collation, err = d.String()
			case iproto.FieldIsNullable:
				col.nullable, err = d.Bool()
				col.nullableKnown = true
			case iproto.FieldIsAutoincrement:
				col.autoincrement, err = d.Bool()
			case iproto.FieldSpan:
				if !d.TryNil() {
					col.span, err = d.String()
				}
			default:
				err = d.Skip()
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return cols, nil
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
	typeInterval  = reflect.TypeFor[Interval]()
	typeNullIntvl = reflect.TypeFor[sql.Null[Interval]]()
)

// scanType returns the Go type a column's values scan into best: the
// sql.Null variant when the column may hold NULL (or nullability is not
// known).
func (c *column) scanType() reflect.Type {
	mayBeNull := !c.nullableKnown || c.nullable
	pick := func(plain, null reflect.Type) reflect.Type {
		if mayBeNull {
			return null
		}
		return plain
	}
	switch c.typ {
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
