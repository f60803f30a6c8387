package tarantool

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// bindTypeName returns the Tarantool type a converted argument binds as
// when it needs Tarantool 2.10, "" for the types every version binds.
func bindTypeName(v driver.Value) string {
	switch v.(type) {
	case decimal.Decimal:
		return "DECIMAL"
	case uuid.UUID:
		return "UUID"
	case time.Time:
		return "DATETIME"
	case Interval:
		return "INTERVAL"
	case []any:
		return "ARRAY"
	case map[string]any, map[any]any:
		return "MAP"
	}
	return ""
}

// checkBind refuses, before anything is sent, a converted argument the
// server at version ver cannot bind (iproto.SQLArgRefusal).
func checkBind(nv *driver.NamedValue, v driver.Value, ver iproto.Version) error {
	typ := bindTypeName(v)
	reason := iproto.SQLArgRefusal(ver, typ, nv.Name != "", "sql.Named")
	if reason == "" {
		return nil
	}
	arg := fmt.Sprintf("argument %d", nv.Ordinal)
	if nv.Name != "" {
		arg = fmt.Sprintf("argument %q", nv.Name)
	}
	return fmt.Errorf("tarantool: %s is a %s (%T); %s", arg, typ, nv.Value, reason)
}

// bindArgs turns database/sql arguments into EXECUTE binds. Tarantool
// binds NULL to a parameter without a value and matches named parameters
// by their exact prefixed name, so every mismatch is an error here:
// mixing positional and named arguments, a missing or unused name, or a
// wrong count. The binds are built in dst's backing array when it is
// large enough.
func bindArgs(p *sqlParams, args []driver.NamedValue, dst []any) ([]any, error) {
	if len(args) == 0 {
		if n := p.positional + len(p.named); n > 0 {
			return nil, fmt.Errorf("tarantool: statement has %d parameters, got no arguments", n)
		}
		return nil, nil
	}
	named := args[0].Name != ""
	for _, a := range args[1:] {
		if (a.Name != "") != named {
			return nil, fmt.Errorf("tarantool: cannot mix positional and named (sql.Named) arguments")
		}
	}
	binds := dst[:0]
	if cap(binds) < len(args) {
		binds = make([]any, len(args))
	}
	binds = binds[:len(args)]
	if !named {
		if len(p.named) > 0 {
			return nil, fmt.Errorf("tarantool: statement uses named parameters (%s); pass them with sql.Named", prefixed(p))
		}
		if len(args) != p.positional {
			return nil, fmt.Errorf("tarantool: statement has %d '?' parameters, got %d arguments", p.positional, len(args))
		}
		for i, a := range args {
			binds[i] = a.Value
		}
		return binds, nil
	}
	if p.positional > 0 {
		return nil, fmt.Errorf("tarantool: statement uses '?' parameters; named arguments cannot bind them")
	}
	for i, a := range args {
		full, ok := p.named[a.Name]
		if !ok {
			return nil, fmt.Errorf("tarantool: argument %q matches no parameter of the statement (it has %s)", a.Name, prefixed(p))
		}
		binds[i] = iproto.NamedArg{Name: full, Value: a.Value}
	}
	if len(args) != len(p.named) {
		for _, name := range p.order {
			if !hasArg(args, name) {
				return nil, fmt.Errorf("tarantool: no argument for parameter %s", p.named[name])
			}
		}
		return nil, fmt.Errorf("tarantool: argument given twice")
	}
	return binds, nil
}

func hasArg(args []driver.NamedValue, name string) bool {
	for _, a := range args {
		if a.Name == name {
			return true
		}
	}
	return false
}

func prefixed(p *sqlParams) string {
	names := make([]string, len(p.order))
	for i, n := range p.order {
		names[i] = p.named[n]
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
