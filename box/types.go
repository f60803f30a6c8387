package box

import "github.com/tntsql/tarantool/iproto"

// Interval is Tarantool's INTERVAL (2.10+), field by field as the server
// keeps it; see iproto.Interval. Tuples and results hold DECIMAL as
// decimal.Decimal, UUID as uuid.UUID, DATETIME as time.Time and INTERVAL
// as Interval; the same Go values are sent as those types.
type Interval = iproto.Interval

// IntervalAdjust is the adjust mode of an Interval.
type IntervalAdjust = iproto.IntervalAdjust

// The adjust modes of an Interval. AdjustNone, the zero value, is the
// default of Tarantool's datetime.interval.new.
const (
	AdjustNone   = iproto.AdjustNone
	AdjustExcess = iproto.AdjustExcess
	AdjustLast   = iproto.AdjustLast
)

// ParseInterval reads the text form of an Interval ("+1 years, 2 months").
func ParseInterval(s string) (Interval, error) { return iproto.ParseInterval(s) }
