module github.com/tntsql/tarantool/contrib/migrate

go 1.25.11

require github.com/tntsql/tarantool v0.0.0-00010101000000-000000000000

require (
	github.com/golang-migrate/migrate/v4 v4.20.1
	github.com/google/uuid v1.6.0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
)

replace github.com/tntsql/tarantool => ../..
