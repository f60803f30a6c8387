package box

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Result is one request: sent when the method returned it, waited for
// when it is first read. It is consumed by exactly one of Decode, Tuples,
// Values, Err or Release: each waits for the reply and ends the Result.
// Position, RowCount, AutoincrementIDs and Columns may be called any
// number of times before that (they wait too, and return zero values on
// error: the consuming call reports the error). Once the Result is
// consumed, a consuming call returns ErrConsumed (Release does nothing)
// and the others return zero values: never the data of another request.
// A Result that is never consumed is garbage collected.
//
// A Result is a small value: copies of it are the same Result, and none
// of them may be used while another is. The zero Result is consumed
// already.
//
// The usual form chains the call: c.Select(...).Decode(&rows), or
// c.Insert(...).Err() when only the outcome matters. To put many requests
// in flight from one goroutine, keep the Results and read them afterwards.
type Result struct {
	r   *result
	gen uint64
}

// ErrConsumed is returned by Decode, Tuples, Values and Err on a Result
// that one of them, or Release, has consumed already.
var ErrConsumed = errors.New("tarantool: Result already consumed: Decode, Tuples, Values, Err and Release each end a Result; read it once")

// result is the pooled state behind a Result. Its generation moves on
// (CompareAndSwap) when the Result is consumed, before the state goes
// back to the pool, so that a copy of the Result used afterwards sees the
// mismatch and never reads the state of the request that reuses it.
type result struct {
	gen  atomic.Uint64
	push func([]byte) // deliverPush, bound once
	resultState
}

// resultState is what a result holds for one request; it is cleared for
// the next.
type resultState struct {
	// The request, kept to resend it after a schema change.
	ctx      context.Context
	h        handle
	spaceArg any
	indexArg any
	build    builder
	t        target
	ic       *engine.Conn  // the connection the request went on
	fut      engine.Future // the request in flight; zero once waited for
	opts     engine.CallOptions
	resent   bool
	req      iproto.Request

	resp   engine.Response // zero until a reply came
	err    error
	space  *Space // the space the tuples come from, when known
	tuples bool   // DATA holds tuples, not return values
	body   iproto.Body
	parsed bool
	dec    iproto.Decoder // Decode's (decode.go)

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
	nopool bool // a push may still arrive: never reuse this state
}

var resultPool = sync.Pool{New: func() any {
	r := new(result)
	r.push = r.deliverPush
	return r
}}

func newResult() *result { return resultPool.Get().(*result) }

// errResult returns a Result holding err.
func errResult(err error) Result {
	r := newResult()
	r.err = err
	return r.handle()
}

// handle returns the Result of r.
func (r *result) handle() Result { return Result{r: r, gen: r.gen.Load()} }

// claim ends the Result and returns its state, or nil when it had ended
// already.
func (res Result) claim() *result {
	if res.r == nil || !res.r.gen.CompareAndSwap(res.gen, res.gen+1) {
		return nil
	}
	return res.r
}

// live returns the Result's state, or nil once it is consumed.
func (res Result) live() *result {
	if res.r == nil || res.r.gen.Load() != res.gen {
		return nil
	}
	return res.r
}

// Release hands the Result back without reading it (waiting for the
// reply first, if it has not come). Releasing a consumed Result does
// nothing.
func (res Result) Release() {
	if r := res.claim(); r != nil {
		r.release()
	}
}

// release waits for the reply, releases it and puts r back in the pool.
// The caller has ended r's Result.
func (r *result) release() {
	r.wait()
	r.resp.Release()
	if r.nopool {
		r.resp = engine.Response{}
		return
	}
	r.resultState = resultState{}
	resultPool.Put(r)
}

// Err waits for the reply, consumes the Result and returns the request's
// error: a *iproto.Error from the server (with its code and stack), a
// *engine.ConnError when the connection failed (SafeToRetry tells whether
// the request was not sent), a *NameError, an *engine.UnsupportedError, a
// context error, or an encoding error; ErrConsumed when the Result was
// consumed already.
func (res Result) Err() error {
	r := res.claim()
	if r == nil {
		return ErrConsumed
	}
	err := r.wait()
	r.release()
	return err
}

// parse decodes the reply body once.
func (r *result) parse() error {
	if r.wait() != nil || r.parsed {
		return r.err
	}
	r.parsed = true
	if r.resp == (engine.Response{}) {
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
func (res Result) Position() []byte {
	r := res.live()
	if r == nil || r.parse() != nil || r.body.Position == nil {
		return nil
	}
	return append([]byte{}, r.body.Position...)
}

// RowCount returns how many rows an SQL statement that returns no rows
// changed.
func (res Result) RowCount() uint64 {
	info, _ := res.sqlInfo()
	return info.RowCount
}

// AutoincrementIDs returns the ids an SQL INSERT generated, in order.
func (res Result) AutoincrementIDs() []int64 {
	info, _ := res.sqlInfo()
	return info.AutoincrementIDs
}

func (res Result) sqlInfo() (iproto.SQLInfo, error) {
	r := res.live()
	if r == nil {
		return iproto.SQLInfo{}, ErrConsumed
	}
	if err := r.parse(); err != nil {
		return iproto.SQLInfo{}, err
	}
	return iproto.DecodeSQLInfo(r.body.SQLInfo)
}

// Columns returns the column descriptions of an SQL result with rows.
func (res Result) Columns() []iproto.ColumnInfo {
	r := res.live()
	if r == nil || r.parse() != nil {
		return nil
	}
	cols, _ := iproto.DecodeColumns(r.body.Metadata)
	return cols
}

// data returns the reply's DATA (nil when it has none).
func (r *result) data() ([]byte, error) {
	if err := r.parse(); err != nil {
		return nil, err
	}
	return r.body.Data, nil
}

// Values returns the reply's DATA as Go values (see iproto.Decoder.Any):
// the tuples, rows or return values, each []any for a tuple or row. It
// consumes the Result.
func (res Result) Values() ([]any, error) {
	r := res.claim()
	if r == nil {
		return nil, ErrConsumed
	}
	defer r.release()
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
		return nil, errors.New("tarantool: reply DATA is not an array")
	}
	return out, nil
}

func (r *result) deliverPush(body []byte) {
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

// Raw waits for the reply and calls fn with its DATA, the MessagePack
// array of tuples, rows or return values, straight from the reply buffer
// (nil when the reply has none): for decoders of replies whose shape box
// does not know, such as the crud module's. data is valid only during fn;
// Raw consumes the Result and returns the request's error or fn's.
func (res Result) Raw(fn func(data []byte) error) error {
	r := res.claim()
	if r == nil {
		return ErrConsumed
	}
	defer r.release()
	data, err := r.data()
	if err != nil {
		return err
	}
	return fn(data)
}
