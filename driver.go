package tarantool

import (
	"context"
	"database/sql"
	"database/sql/driver"
)

// The database/sql/driver interfaces this package implements. Left out on
// purpose: driver.Execer and driver.Queryer (the context versions replace
// them), driver.ColumnConverter (NamedValueChecker replaces it), and
// driver.RowsNextResultSet (Tarantool returns one result set per request).
var (
	_ driver.Driver                         = (*Driver)(nil)
	_ driver.DriverContext                  = (*Driver)(nil)
	_ driver.Connector                      = (*Connector)(nil)
	_ driver.Conn                           = (*Conn)(nil)
	_ driver.ConnPrepareContext             = (*Conn)(nil)
	_ driver.ConnBeginTx                    = (*Conn)(nil)
	_ driver.ExecerContext                  = (*Conn)(nil)
	_ driver.QueryerContext                 = (*Conn)(nil)
	_ driver.Pinger                         = (*Conn)(nil)
	_ driver.SessionResetter                = (*Conn)(nil)
	_ driver.Validator                      = (*Conn)(nil)
	_ driver.NamedValueChecker              = (*Conn)(nil)
	_ driver.Stmt                           = (*stmt)(nil)
	_ driver.StmtExecContext                = (*stmt)(nil)
	_ driver.StmtQueryContext               = (*stmt)(nil)
	_ driver.NamedValueChecker              = (*stmt)(nil)
	_ driver.Tx                             = (*txn)(nil)
	_ driver.Result                         = (*Result)(nil)
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
)

// DriverName is the name the package registers with database/sql.
const DriverName = "tarantool"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver. sql.Open("tarantool", dsn) uses it;
// sql.OpenDB(connector) with a Connector from NewConnector is the
// first-class way in when the configuration is built in code.
type Driver struct{}

// Open opens a connection from a DSN (see ParseDSN).
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses the DSN once for every connection of a pool. The
// parameters only box uses (fetch_schema, reconnect_delay,
// max_reconnects, keepalive) are accepted and ignored, so that one DSN
// serves both: the pool replaces broken connections itself.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg)
}
