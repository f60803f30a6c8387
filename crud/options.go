package crud

import (
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// Option is one of crud's options (the opts table every crud function
// takes). The crud module checks them: an option the operation does not
// take is an *Error from the router naming it, never ignored.
type Option struct {
	name  string
	value any
}

// Opt is any crud option by its Lua name, for options this package has
// no function for: Opt("vshard_router", "group").
func Opt(name string, value any) Option { return Option{name, value} }

// Timeout is vshard's call timeout and master discovery timeout
// (timeout); crud's default is 2 s. The request's context bounds the
// wait on the client side independently.
func Timeout(d time.Duration) Option { return Option{"timeout", d.Seconds()} }

// RequestTimeout is vshard.call's request_timeout for reads in read mode
// (request_timeout).
func RequestTimeout(d time.Duration) Option { return Option{"request_timeout", d.Seconds()} }

// BucketID names the bucket instead of letting crud compute it from the
// sharding key (bucket_id).
func BucketID(id uint64) Option { return Option{"bucket_id", id} }

// Fields returns only the named fields (fields); select, pairs, min and
// max add the primary key and scanned index fields so that any returned
// row can be passed to After.
func Fields(names ...string) Option { return Option{"fields", names} }

// AccessMode is where a read runs: Read (a replica may serve it) or Write
// (the master).
type AccessMode string

// The access modes.
const (
	Read  AccessMode = "read"
	Write AccessMode = "write"
)

// Mode runs a read on the master (Write) or lets a replica serve it (Read,
// crud's default for select) (mode).
func Mode(m AccessMode) Option { return Option{"mode", string(m)} }

// PreferReplica prefers a replica for reads (prefer_replica).
func PreferReplica() Option { return Option{"prefer_replica", true} }

// Balance balances reads over the replica set by vshard's policy
// (balance).
func Balance() Option { return Option{"balance", true} }

// First limits select to the first n rows; a negative n selects the rows
// before After, in reverse (first).
func First(n int) Option { return Option{"first", n} }

// After selects from the row after tuple (after): a row as select
// returned it, e.g. the last of the previous page. Pairs pages with it.
func After(tuple any) Option { return Option{"after", tuple} }

// BatchSize is the number of tuples a storage returns per request during
// select and pairs (batch_size); Pairs reads pages of this many rows.
func BatchSize(n int) Option { return Option{"batch_size", n} }

// YieldEvery makes storages yield after this many scanned tuples
// (yield_every).
func YieldEvery(n int) Option { return Option{"yield_every", n} }

// Fullscan says a scan of the whole space is intended, so that crud does
// not log it as critical (fullscan).
func Fullscan() Option { return Option{"fullscan", true} }

// ForceMapCall sends the select to every storage even when the conditions
// name one bucket (force_map_call).
func ForceMapCall() Option { return Option{"force_map_call", true} }

// NoReturn drops the rows of a write from the reply (noreturn): Decode
// then finds none.
func NoReturn() Option { return Option{"noreturn", true} }

// FetchLatestMetadata makes the router fetch the space format before
// answering, so the metadata reflect a migration that just ran
// (fetch_latest_metadata).
func FetchLatestMetadata() Option { return Option{"fetch_latest_metadata", true} }

// SkipNullabilityCheckOnFlatten lets an object omit a non-nullable field
// that a sequence fills (skip_nullability_check_on_flatten).
func SkipNullabilityCheckOnFlatten() Option {
	return Option{"skip_nullability_check_on_flatten", true}
}

// StopOnError makes a batch stop at its first failed tuple (stop_on_error).
func StopOnError() Option { return Option{"stop_on_error", true} }

// RollbackOnError makes a batch roll back, on a storage, every tuple of
// it when one fails there (rollback_on_error).
func RollbackOnError() Option { return Option{"rollback_on_error", true} }

// options is the opts argument: a map, empty when there are none (nil
// would reach crud as box.NULL, which Lua takes for a table that is
// there).
type options []Option

func (o options) AppendMsgpack(dst []byte) ([]byte, error) {
	dst = iproto.AppendMapHeader(dst, len(o))
	var err error
	for _, op := range o {
		dst = iproto.AppendString(dst, op.name)
		if dst, err = iproto.AppendValue(dst, op.value); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// find returns the value of the last option named name.
func (o options) find(name string) (any, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].name == name {
			return o[i].value, true
		}
	}
	return nil, false
}
