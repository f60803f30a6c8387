package tarantool

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/internal/sqlargs"
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
	case iproto.Interval:
		return "INTERVAL"
	case []any:
		return "ARRAY"
	case map[string]any, map[any]any:
		return "MAP"
	}
	return ""
}

// checkBind refuses, before anything is sent, a converted argument the
// server at version ver cannot bind (sqlargs.Refusal).
func checkBind(nv *driver.NamedValue, v driver.Value, ver iproto.Version) error {
	typ := bindTypeName(v)
	reason := sqlargs.Refusal(ver, typ, nv.Name != "", "sql.Named")
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
// mixing positional and named arguments or placeholders, a missing or
// unused name, or a wrong count. A name written with several prefixes
// (:a and @a) is bound under each. The binds are built in dst's backing
// array when it is large enough.
func bindArgs(p *sqlParams, args []driver.NamedValue, dst []any) ([]any, error) {
	if p.dollarName != "" {
		return nil, fmt.Errorf("tarantool: parameter %s: Tarantool has no $name parameters ($ takes a number: $1, $2 ...); write :%s or @%s", p.dollarName, p.dollarName[1:], p.dollarName[1:])
	}
	if p.positional > 0 && p.numbered > 0 {
		return nil, fmt.Errorf("tarantool: statement mixes '?' and '$N' placeholders; use one kind")
	}
	if len(p.named) > 0 && p.positional+p.numbered > 0 {
		return nil, fmt.Errorf("tarantool: statement mixes named (%s) and positional placeholders; use one kind", prefixed(p))
	}
	if len(args) == 0 {
		if n := p.positional + p.numbered + len(p.named); n > 0 {
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
	if !named {
		if len(p.named) > 0 {
			return nil, fmt.Errorf("tarantool: statement uses named parameters (%s); pass them with sql.Named", prefixed(p))
		}
		if p.numbered > 0 && len(args) != p.numbered {
			return nil, fmt.Errorf("tarantool: statement has parameters up to $%d, got %d arguments", p.numbered, len(args))
		}
		if p.numbered == 0 && len(args) != p.positional {
			return nil, fmt.Errorf("tarantool: statement has %d '?' parameters, got %d arguments", p.positional, len(args))
		}
		for _, a := range args {
			binds = append(binds, a.Value)
		}
		return binds, nil
	}
	if p.positional+p.numbered > 0 {
		return nil, fmt.Errorf("tarantool: statement uses positional parameters ('?' or '$N'); named arguments cannot bind them")
	}
	for _, a := range args {
		spellings, ok := p.named[a.Name]
		if !ok {
			return nil, fmt.Errorf("tarantool: argument %q matches no parameter of the statement (it has %s)", a.Name, prefixed(p))
		}
		for _, full := range spellings {
			binds = append(binds, iproto.NamedArg{Name: full, Value: a.Value})
		}
	}
	if len(args) != len(p.named) {
		for _, name := range p.order {
			if !hasArg(args, name) {
				return nil, fmt.Errorf("tarantool: no argument for parameter %s", p.named[name][0])
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
		names[i] = strings.Join(p.named[n], ", ")
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
