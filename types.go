package tarantool

import "github.com/tntsql/tarantool/iproto"

// Interval is Tarantool's INTERVAL (2.10+), field by field as the server
// keeps it; see iproto.Interval. It binds as an INTERVAL argument, and
// INTERVAL results scan into it (and into *string, as its text form).
type Interval = iproto.Interval

// IntervalAdjust is the adjust mode of an Interval; see
// iproto.IntervalAdjust.
type IntervalAdjust = iproto.IntervalAdjust

// The adjust modes of an Interval. AdjustNone, the zero value, is the
// default of Tarantool's datetime.interval.new.
const (
	AdjustNone   = iproto.AdjustNone
	AdjustExcess = iproto.AdjustExcess
	AdjustLast   = iproto.AdjustLast
)

// ParseInterval reads the text form of an Interval ("+1 years, 2 months,
// adjust last"), as INTERVAL results carry it; see iproto.ParseInterval.
func ParseInterval(s string) (Interval, error) { return iproto.ParseInterval(s) }
