package iproto

// Execute is an EXECUTE request: SQL text, or a prepared statement's id
// when StmtID is non-zero. Each element of Args is one parameter: a plain
// value binds positionally, a NamedArg binds by name.
type Execute struct {
	SQL    string
	StmtID uint64
	Args   []any
}

// Type returns TypeExecute.
func (Execute) Type() RequestType { return TypeExecute }

// AppendBody appends {SQL_TEXT or STMT_ID, SQL_BIND}.
func (r Execute) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x82)
	if r.StmtID != 0 {
		dst = AppendUint(AppendKey(dst, KeyStmtID), r.StmtID)
	} else {
		dst = AppendString(AppendKey(dst, KeySQLText), r.SQL)
	}
	dst = AppendArrayHeader(AppendKey(dst, KeySQLBind), len(r.Args))
	var err error
	for _, a := range r.Args {
		if dst, err = AppendValue(dst, a); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// NamedArg binds a named SQL parameter. Name includes the prefix the SQL
// text uses (":id", "@id", "$id"): Tarantool matches it exactly.
type NamedArg struct {
	Name  string
	Value any
}

// AppendMsgpack appends {Name: Value}, the server's form of a named bind.
func (a NamedArg) AppendMsgpack(dst []byte) ([]byte, error) {
	dst = AppendString(append(dst, 0x81), a.Name)
	return AppendValue(dst, a.Value)
}

// Prepare is a PREPARE request for SQL text.
type Prepare struct {
	SQL string
}

// Type returns TypePrepare.
func (Prepare) Type() RequestType { return TypePrepare }

// AppendBody appends {SQL_TEXT}.
func (r Prepare) AppendBody(dst []byte) ([]byte, error) {
	return AppendString(AppendKey(append(dst, 0x81), KeySQLText), r.SQL), nil
}

// Unprepare releases a prepared statement (a PREPARE with only STMT_ID).
type Unprepare struct {
	StmtID uint64
}

// Type returns TypePrepare.
func (Unprepare) Type() RequestType { return TypePrepare }

// AppendBody appends {STMT_ID}.
func (r Unprepare) AppendBody(dst []byte) ([]byte, error) {
	return AppendUint(AppendKey(append(dst, 0x81), KeyStmtID), r.StmtID), nil
}
