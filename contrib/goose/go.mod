module github.com/tntsql/tarantool/contrib/goose

go 1.26.0

require (
	github.com/pressly/goose/v3 v3.30.1
	github.com/tntsql/tarantool v0.0.0-00010101000000-000000000000
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/mfridman/interpolate v0.2.0 // indirect
	github.com/sethvargo/go-retry v0.5.0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	go.uber.org/multierr v1.11.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
)

replace github.com/tntsql/tarantool => ../..
