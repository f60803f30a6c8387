package main

import (
	"errors"
	"fmt"
	"strings"
)

// A row is one kind of request the tool measures.
type row string

// The rows, in the order the table lists them.
const (
	rowPing     row = "ping"
	rowSelect   row = "select"
	rowReplace  row = "replace"
	rowUpdate   row = "update"
	rowCall     row = "call"
	rowEval     row = "eval"
	rowExecute  row = "execute"
	rowPrepared row = "prepared"
	rowCached   row = "cached" // SQL text through the statement cache: box and database/sql
)

var allRows = []row{rowPing, rowSelect, rowReplace, rowUpdate, rowCall, rowEval, rowExecute, rowPrepared, rowCached}

// rowTitles are the table's names of the rows.
var rowTitles = map[row]string{
	rowPing:     "ping",
	rowSelect:   "select by pk",
	rowReplace:  "replace",
	rowUpdate:   "update",
	rowCall:     "call",
	rowEval:     "eval",
	rowExecute:  "SQL execute",
	rowPrepared: "prepared execute",
	rowCached:   "SQL execute, statement cache",
}

// The objects every client uses. setup.lua creates them; netbox.lua gets
// them through its configuration, so both sides run the same requests.
const (
	spaceName  = "tntload"     // unsigned primary key k, string v
	sqlTable   = "TNTLOAD_SQL" // ID UNSIGNED PRIMARY KEY, V STRING
	callFunc   = "tntload_echo"
	evalExpr   = "return ..."
	selectSQL  = "SELECT ID, V FROM " + sqlTable + " WHERE ID = ?"
	writeValue = "tntload-value" // what replace and update write into v
	maxKeys    = 1_000_000       // the most keys setup.lua pre-fills
)

// keyOf returns the key request i (1-based) works on, among keys
// pre-filled keys 1..keys.
func keyOf(i, keys uint64) uint64 { return (i-1)%keys + 1 }

// A client is one way of sending the requests: a library and a
// concurrency class.
type client struct {
	id     string // for -clients
	name   string // for the table
	serial bool   // one goroutine or fiber instead of -c
}

// The clients, in the order each row lists them. net.box comes first in
// each class: it is what the others are compared to.
var allClients = []client{
	{id: "netbox", name: "net.box"},
	{id: "box", name: "box"},
	{id: "sql", name: "database/sql"},
	{id: "netbox1", name: "net.box", serial: true},
	{id: "box1", name: "box", serial: true},
	// Last, so that the -pool rows stay beside box's: database/sql
	// without SetMaxOpenConns, as most programs leave it.
	{id: "sqldefault", name: "database/sql (default pool)"},
}

// reference returns the id of the client rows of c are compared to.
func (c client) reference() string {
	if c.serial {
		return "netbox1"
	}
	return "netbox"
}

// sqlRows are the rows database/sql can run: the others are box requests.
var sqlRows = map[row]bool{rowPing: true, rowExecute: true, rowPrepared: true, rowCached: true}

// supports reports whether client c runs row r. net.box has no statement
// cache: the cached row is compared with its execute row.
func (c client) supports(r row) bool {
	sqlClient := c.id == "sql" || c.id == "sqldefault"
	if r == rowCached {
		return sqlClient || c.id == "box" || c.id == "box1"
	}
	return !sqlClient || sqlRows[r]
}

// errUnsupported is returned by a target for a row it has no request for.
var errUnsupported = errors.New("row not supported by this client")

// execModeRows are the -exec-mode names of the SQL execute rows.
var execModeRows = map[string]row{"text": rowExecute, "prepared": rowPrepared, "cached": rowCached}

// filterExecModes keeps of rows those the -exec-mode flag s asks for: the
// rows that are not SQL execute rows, and the execute rows of the modes
// named. A selection with no row left is an error.
func filterExecModes(rows []row, s string) ([]row, error) {
	if s == "" || s == "all" {
		return rows, nil
	}
	want := map[row]bool{}
	for _, name := range strings.Split(s, ",") {
		r, ok := execModeRows[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("-exec-mode: unknown mode %q (want some of text,prepared,cached)", name)
		}
		want[r] = true
	}
	isExecRow := map[row]bool{}
	for _, r := range execModeRows {
		isExecRow[r] = true
	}
	var out []row
	for _, r := range rows {
		if want[r] || !isExecRow[r] {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-exec-mode %s: none of the rows asked for runs in that mode", s)
	}
	return out, nil
}

// parseRows turns the -rows flag into rows, in table order.
func parseRows(s string) ([]row, error) {
	if s == "" || s == "all" {
		return allRows, nil
	}
	want := map[row]bool{}
	for _, name := range strings.Split(s, ",") {
		r := row(strings.TrimSpace(name))
		if _, ok := rowTitles[r]; !ok {
			return nil, fmt.Errorf("-rows: unknown row %q (want some of %s)", name, joinRows(allRows))
		}
		want[r] = true
	}
	var out []row
	for _, r := range allRows {
		if want[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// parseClients turns the -clients flag into clients, in table order.
func parseClients(s string) ([]client, error) {
	if s == "" || s == "all" {
		return allClients, nil
	}
	want := map[string]bool{}
	for _, id := range strings.Split(s, ",") {
		id = strings.TrimSpace(id)
		known := false
		for _, c := range allClients {
			known = known || c.id == id
		}
		if !known {
			return nil, fmt.Errorf("-clients: unknown client %q (want some of netbox, box, sql, netbox1, box1, sqldefault)", id)
		}
		want[id] = true
	}
	var out []client
	for _, c := range allClients {
		if want[c.id] {
			out = append(out, c)
		}
	}
	return out, nil
}

func joinRows(rs []row) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// wantKey checks that a point request by key k, which ended with err,
// returned the tuple or row with key got.
func wantKey(what string, k, got uint64, err error) error {
	if err == nil && got != k {
		err = fmt.Errorf("%s of key %d returned key %d", what, k, got)
	}
	return err
}
