package crud

import (
	"fmt"
	"strings"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

// ErrNotFound is returned by Decode into a single value when the reply
// holds no row (a Get of a key that is not there).
var ErrNotFound = box.ErrNotFound

// Error is an error object of the crud module (its errors library): the
// class of the error, such as "InsertError" or "SelectError", and its
// message, which for an error that happened on a storage includes the
// storage's. Errors of a batch carry the tuple or object they are about.
type Error struct {
	Class   string // class_name: "InsertError", "GetError", "CallError" ...
	Message string // err
	File    string // where in the crud module it was raised
	Line    int
	// Stack is the Lua traceback, when crud sent one.
	Stack string
	// OperationData is, in a batch, the tuple or object that failed, as
	// Go values (iproto.Decoder.Any); nil otherwise.
	OperationData any
}

// Error returns "Class: Message".
func (e *Error) Error() string {
	if e.Class == "" {
		return "crud: " + e.Message
	}
	return e.Class + ": " + e.Message
}

// BatchError holds every error of a batch operation (InsertMany and the
// others): one per tuple that failed, each with its OperationData. The
// rows of the tuples that succeeded are still decoded. errors.As finds
// each *Error in it.
type BatchError struct {
	Errors []*Error
}

// Error summarizes the batch's errors: their count and the first.
func (e *BatchError) Error() string {
	if len(e.Errors) == 1 {
		return "crud: 1 tuple of the batch failed: " + e.Errors[0].Error()
	}
	return fmt.Sprintf("crud: %d tuples of the batch failed; the first: %v", len(e.Errors), e.Errors[0])
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (e *BatchError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, x := range e.Errors {
		out[i] = x
	}
	return out
}

// decodeError decodes crud's second return value: nil, one error object
// (a map, or a plain string from a Lua error()) or, from a batch, an
// array of them. crudErr is the *Error or *BatchError; err says the bytes
// are not such a value.
func decodeError(d *iproto.Decoder) (crudErr, err error) {
	switch d.Peek() {
	case iproto.KindNil:
		d.TryNil()
		return nil, nil
	case iproto.KindArray:
		n, err := d.ArrayLen()
		if err != nil || n == 0 {
			return nil, err
		}
		be := &BatchError{Errors: make([]*Error, 0, min(n, 1024))}
		for i := 0; i < n; i++ {
			e, err := decodeErrorObject(d)
			if err != nil {
				return nil, err
			}
			be.Errors = append(be.Errors, e)
		}
		return be, nil
	case iproto.KindMap, iproto.KindString:
		e, err := decodeErrorObject(d)
		if err != nil {
			return nil, err
		}
		return e, nil
	}
	return nil, fmt.Errorf("crud: the error returned is a %v, not an error object", d.Peek())
}

// decodeErrorObject decodes one error object: a map, or a plain string.
func decodeErrorObject(d *iproto.Decoder) (*Error, error) {
	if d.Peek() == iproto.KindString {
		s, err := d.Str()
		return &Error{Message: s}, err
	}
	n, err := d.MapLen()
	if err != nil {
		return nil, fmt.Errorf("crud: an error object: %w", err)
	}
	e := &Error{}
	err = eachKey(d, n, func(key []byte) (err error) {
		switch string(key) {
		case "class_name":
			e.Class, err = optString(d)
		case "err":
			e.Message, err = optString(d)
		case "file":
			e.File, err = optString(d)
		case "stack":
			e.Stack, err = optString(d)
		case "line":
			var l int64
			if d.Peek() == iproto.KindUint || d.Peek() == iproto.KindInt {
				l, err = d.Int()
				e.Line = int(l)
			} else {
				err = d.Skip()
			}
		case "operation_data":
			e.OperationData, err = d.Any()
		default:
			err = d.Skip()
		}
		if err != nil {
			return fmt.Errorf("crud: an error object's %s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// crud's messages of storage-side errors end with the Lua traceback
	// of the router; keep it out of the message.
	if i := strings.Index(e.Message, "\nstack traceback:"); i >= 0 {
		if e.Stack == "" {
			e.Stack = e.Message[i+1:]
		}
		e.Message = e.Message[:i]
	}
	return e, nil
}

// optString decodes a string, or nil as "", or skips anything else.
func optString(d *iproto.Decoder) (string, error) {
	switch d.Peek() {
	case iproto.KindString:
		return d.Str()
	case iproto.KindNil:
		d.TryNil()
		return "", nil
	}
	v, err := d.Any()
	return fmt.Sprint(v), err
}
