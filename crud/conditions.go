package crud

import "github.com/tntsql/tarantool/iproto"

// Condition is one select condition, {operator, field, value}: the field
// is a field name or an index name (the value is then a key of it, a
// slice for a multi-part index).
type Condition struct {
	Op    string // "=", "==", "<", "<=", ">", ">="
	Field string
	Value any
}

// Eq is the condition field = value.
func Eq(field string, value any) Condition { return Condition{"=", field, value} }

// Lt is the condition field < value.
func Lt(field string, value any) Condition { return Condition{"<", field, value} }

// Le is the condition field <= value.
func Le(field string, value any) Condition { return Condition{"<=", field, value} }

// Gt is the condition field > value.
func Gt(field string, value any) Condition { return Condition{">", field, value} }

// Ge is the condition field >= value.
func Ge(field string, value any) Condition { return Condition{">=", field, value} }

// conditions is the conditions argument: an array, empty when there are
// none (not nil: see options).
type conditions []Condition

func (cs conditions) AppendMsgpack(dst []byte) ([]byte, error) {
	dst = iproto.AppendArrayHeader(dst, len(cs))
	var err error
	for _, c := range cs {
		dst = iproto.AppendString(iproto.AppendString(iproto.AppendArrayHeader(dst, 3), c.Op), c.Field)
		if dst, err = iproto.AppendValue(dst, c.Value); err != nil {
			return dst, err
		}
	}
	return dst, nil
}
