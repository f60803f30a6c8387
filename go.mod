module github.com/tntsql/tarantool

go 1.23

require (
	github.com/DATA-DOG/go-sqlmock v1.5.2
	github.com/jmoiron/sqlx v1.4.0
)
