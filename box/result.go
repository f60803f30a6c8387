package box

import (
	"context"
	"errors"
	"sync"

	"github.com/tntsql/tarantool/iproto"
)

// Result is one request: sent when the method returned it, waited for
// when it is first read. It is consumed by exactly one of Decode, Tuples,
// Values, Err or Release: each waits for the reply and hands the Result
// back to a pool, after which it must not be used. Position, RowCount,
// AutoincrementIDs and Columns may be called any number of times before
// that (they wait too, and return zero values on error: the consuming
// call reports the error). A Result that is never consumed is garbage
// collected.
//
// The usual form chains the call: c.Select(...).Decode(&rows), or
// c.Insert(...).Err() when only the outcome matters. To put many requests
// in flight from one goroutine, keep the Results and read them afterwards.
type Result struct {
	// The request, kept to resend it after a schema change.
	ctx      context.Context
	h        handle
	spaceArg any
	indexArg any
	build    builder
	t        target
	ic       *iproto.Conn // the connection the request went on
	fut      *iproto.Future
	opts     iproto.CallOptions
	resent   bool
	req      iproto.Request

	resp   *iproto.Response
	err    error
	space  *Space // the space the tuples come from, when known
	tuples bool   // DATA holds tuples, not return values
	body   iproto.Body
	parsed bool

	// Scratch requests, so that building one allocates nothing.
	sel    iproto.Select
	ins    iproto.Insert
	rep    iproto.Replace
	del    iproto.Delete
	upd    iproto.Update
	ups    iproto.Upsert
	call   iproto.Call
	call16 iproto.Call16
	eval   iproto.Eval
	exec   iproto.Execute
	args   argList
	onPush func(any)
	push   func([]byte)
	nopool bool // a push may still arrive: never reuse this Result
}

var resultPool = sync.Pool{New: func() any {
	r := new(Result)
	r.push = r.deliverPush
	return r
}}

func newResult() *Result { return resultPool.Get().(*Result) }

// errResult returns a Result holding err.
func errResult(err error) *Result {
	r := newResult()
	r.err = err
	return r
}

// Release hands the Result back without reading it (waiting for the
// reply first, if it has not come).
func (r *Result) Release() {
	r.wait()
	if r.resp != nil {
		r.resp.Release()
	}
	if r.nopool {
		r.resp = nil
		return
	}
	push := r.push
	*r = Result{push: push}
	resultPool.Put(r)
}

// Err waits for the reply, releases the Result and returns the request's
// error: a *iproto.Error from the server (with its code and stack), a
// *iproto.ConnError when the connection failed (SafeToRetry tells whether
// the request was not sent), a *NameError, an *iproto.UnsupportedError, a
// context error, or an encoding error.
func (r *Result) Err() error {
	err := r.wait()
	r.Release()
	return err
}

// parse decodes the reply body once.
func (r *Result) parse() error {
	if r.wait() != nil || r.parsed {
		return r.err
	}
	r.parsed = true
	if r.resp == nil {
		return nil
	}
	if err := r.resp.Parse(&r.body); err != nil {
		r.err = err
	}
	return r.err
}

// Position returns the pagination position after the last tuple of a
// Select with FetchPosition (2.11+), for SelectOpts.After; nil when the
// reply has none. The bytes are a copy.
func (r *Result) Position() []byte {
	if r.parse() != nil || r.body.Position == nil {
		return nil
	}
	return append([]byte{}, r.body.Position...)
}

// RowCount returns how many rows an SQL statement that returns no rows
// changed.
func (r *Result) RowCount() uint64 {
	info, _ := r.sqlInfo()
	return info.RowCount
}

// AutoincrementIDs returns the ids an SQL INSERT generated, in order.
func (r *Result) AutoincrementIDs() []int64 {
	info, _ := r.sqlInfo()
	return info.AutoincrementIDs
}

func (r *Result) sqlInfo() (iproto.SQLInfo, error) {
	if err := r.parse(); err != nil {
		return iproto.SQLInfo{}, err
	}
	return iproto.DecodeSQLInfo(r.body.SQLInfo)
}

// Columns returns the column descriptions of an SQL result with rows.
func (r *Result) Columns() []iproto.ColumnInfo {
	if r.parse() != nil {
		return nil
	}
	cols, _ := iproto.DecodeColumns(r.body.Metadata)
	return cols
}

// data returns the reply's DATA (nil when it has none).
func (r *Result) data() ([]byte, error) {
	if err := r.parse(); err != nil {
		return nil, err
	}
	return r.body.Data, nil
}

// Values returns the reply's DATA as Go values (see iproto.Decoder.Any):
// the tuples, rows or return values, each []any for a tuple or row.
func (r *Result) Values() ([]any, error) {
	defer r.Release()
	data, err := r.data()
	if err != nil || data == nil {
		return nil, err
	}
	v, err := iproto.NewDecoder(data).Any()
	if err != nil {
		return nil, err
	}
	out, ok := v.([]any)
	if !ok {
		return nil, errors.New("box: reply DATA is not an array")
	}
	return out, nil
}

func (r *Result) deliverPush(body []byte) {
	var b iproto.Body
	if iproto.ParseBody(body, &b) != nil || b.Data == nil {
		return
	}
	d := iproto.NewDecoder(b.Data)
	if n, err := d.ArrayLen(); err != nil || n < 1 {
		return
	}
	if v, err := d.Any(); err == nil && r.onPush != nil {
		r.onPush(v)
	}
}

// argList is the arguments of a call; a pointer to it encodes as an
// array without the allocation a []any in an interface costs.
type argList []any

// AppendMsgpack appends the arguments as an array.
func (a *argList) AppendMsgpack(dst []byte) ([]byte, error) {
	dst = iproto.AppendArrayHeader(dst, len(*a))
	var err error
	for _, v := range *a {
		if dst, err = iproto.AppendValue(dst, v); err != nil {
			return dst, err
		}
	}
	return dst, nil
}
