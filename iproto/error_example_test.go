package iproto_test

import (
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// Printing a server error's parts: the code prints as its name, the stack
// as text, frame by frame, the outermost first.
func ExampleError_printing() {
	msg := `Duplicate key exists in unique index "pk" in space "kv"`
	var err error = &iproto.Error{
		Code:    iproto.ErTupleFound,
		Message: msg,
		Stack: iproto.ErrorStack{
			{Type: "ClientError", File: "./src/box/memtx_tree.cc", Line: 1242, Message: msg, Code: iproto.ErTupleFound},
			{Type: "LuajitError", File: "app.lua", Line: 12, Message: "app.lua:12: audit failed", Code: iproto.ErProcLua},
		},
	}
	var e *iproto.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
		fmt.Println(e.Stack)
		fmt.Printf("%d %q\n", e.Code, e.Code)
	}
	fmt.Println(errors.Is(err, iproto.ErTupleFound))
	fmt.Println(err)
	// Output:
	// ER_TUPLE_FOUND
	// ClientError: Duplicate key exists in unique index "pk" in space "kv" (ER_TUPLE_FOUND, code 3) at ./src/box/memtx_tree.cc:1242; caused by: LuajitError: app.lua:12: audit failed (ER_PROC_LUA, code 32) at app.lua:12
	// 3 "ER_TUPLE_FOUND"
	// true
	// tarantool: Duplicate key exists in unique index "pk" in space "kv" (ER_TUPLE_FOUND, code 3)
}
