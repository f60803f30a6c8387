package iproto

import "strings"

// ColumnInfo describes one column of an SQL result, from a reply's
// METADATA (or BIND_METADATA for a prepared statement's parameters).
type ColumnInfo struct {
	Name string
	// Type is Tarantool's type name in lower case ("integer", "string").
	Type      string
	Collation string
	// Nullable is meaningful only when NullableKnown: the server sends it
	// with sql_full_metadata, for table columns.
	Nullable      bool
	NullableKnown bool
	Autoincrement bool
	// Span is the expression as written; "" when it equals Name.
	Span string
}

// DecodeColumns decodes a METADATA array; nil gives nil.
func DecodeColumns(raw []byte) ([]ColumnInfo, error) {
	if raw == nil {
		return nil, nil
	}
	d := Decoder{buf: raw}
	n, err := d.ArrayLen()
	if err != nil {
		return nil, err
	}
	cols := make([]ColumnInfo, 0, min(n, maxPrealloc))
	for range n {
		var col ColumnInfo
		if err := d.decodeColumn(&col); err != nil {
			return nil, err
		}
		cols = append(cols, col)
	}
	return cols, nil
}

func (d *Decoder) decodeColumn(col *ColumnInfo) error {
	m, err := d.MapLen()
	if err != nil {
		return err
	}
	for j := 0; j < m; j++ {
		k, err := d.Uint()
		if err != nil {
			return err
		}
		switch k {
		case FieldName:
			col.Name, err = d.Str()
		case FieldType:
			col.Type, err = d.Str()
			col.Type = strings.ToLower(col.Type)
		case FieldColl:
			col.Collation, err = d.Str()
		case FieldIsNullable:
			col.Nullable, err = d.Bool()
			col.NullableKnown = true
		case FieldIsAutoincrement:
			col.Autoincrement, err = d.Bool()
		case FieldSpan:
			if !d.TryNil() {
				col.Span, err = d.Str()
			}
		default:
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// SQLInfo is a reply's SQL_INFO: what a statement that returns no rows did.
type SQLInfo struct {
	RowCount         uint64
	AutoincrementIDs []int64
}

// DecodeSQLInfo decodes an SQL_INFO map; nil gives the zero SQLInfo.
func DecodeSQLInfo(raw []byte) (SQLInfo, error) {
	var info SQLInfo
	if raw == nil {
		return info, nil
	}
	d := Decoder{buf: raw}
	n, err := d.MapLen()
	if err != nil {
		return info, err
	}
	for i := 0; i < n; i++ {
		k, err := d.Uint()
		if err != nil {
			return info, err
		}
		switch k {
		case SQLInfoRowCount:
			info.RowCount, err = d.Uint()
		case SQLInfoAutoincrementIDs:
			var m int
			if m, err = d.ArrayLen(); err != nil {
				return info, err
			}
			info.AutoincrementIDs = make([]int64, 0, min(m, maxPrealloc))
			for range m {
				var id int64
				if id, err = d.Int(); err != nil {
					return info, err
				}
				info.AutoincrementIDs = append(info.AutoincrementIDs, id)
			}
		default:
			err = d.Skip()
		}
		if err != nil {
			return info, err
		}
	}
	return info, nil
}
