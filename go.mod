module github.com/tntsql/tarantool

go 1.23
