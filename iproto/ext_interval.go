package iproto

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file holds Interval and the codec of MP_INTERVAL (extension 6,
// Tarantool 2.10+, src/lib/core/mp_interval.c): a count byte, then that
// many pairs of a field id (0 year, 1 month, 2 week, 3 day, 4 hour,
// 5 minute, 6 second, 7 nanosecond, 8 adjust) and a MessagePack integer.
// Fields that are zero are left out.

// Interval is Tarantool's INTERVAL (datetime.interval): a duration kept
// field by field, so that adding a month or a year to a datetime follows
// the calendar. Tarantool keeps Years, Months, Weeks and Nanoseconds in
// 32 bits and the other fields as doubles (exact to 2^53); a value beyond
// those ranges is refused on encoding rather than cut by the server.
//
// Interval implements [database/sql.Scanner] from its text form (see
// [Interval.String]) and binds as an INTERVAL through the tarantool SQL
// driver and in box requests. It has no driver.Valuer method, so that the
// codec does not depend on database/sql: with go-sqlmock, pass the
// driver's tarantool.ValueConverter.
type Interval struct {
	Years       int64
	Months      int64
	Weeks       int64
	Days        int64
	Hours       int64
	Minutes     int64
	Seconds     int64
	Nanoseconds int64
	Adjust      IntervalAdjust
}

// IntervalAdjust says what adding months or years does to a day of the
// month that the target month lacks (January 31 plus one month).
type IntervalAdjust uint8

// The adjust modes. The zero value is AdjustNone, the default of
// Tarantool's datetime.interval.new.
const (
	AdjustNone   IntervalAdjust = iota // stop at the month's last day: January 31 + 1 month = February 28 ("none", server value 1)
	AdjustExcess                       // overflow into the next month: January 31 + 1 month = March 3 ("excess", server value 0)
	AdjustLast                         // keep a last day last: February 28 + 1 month = March 31 ("last", server value 2)
)

var adjustNames = [...]string{AdjustNone: "none", AdjustExcess: "excess", AdjustLast: "last"}

// adjustWire maps IntervalAdjust to the server's dt_adjust_t and back.
var adjustWire = [...]int64{AdjustNone: 1, AdjustExcess: 0, AdjustLast: 2}

// String returns the mode's name in Tarantool's Lua API: "none", "excess"
// or "last".
func (a IntervalAdjust) String() string {
	if int(a) < len(adjustNames) {
		return adjustNames[a]
	}
	return "IntervalAdjust(" + strconv.Itoa(int(a)) + ")"
}

// Interval field ids on the wire.
const (
	ivYear = iota
	ivMonth
	ivWeek
	ivDay
	ivHour
	ivMinute
	ivSecond
	ivNanosecond
	ivAdjust
)

var ivUnits = [...]string{"years", "months", "weeks", "days", "hours", "minutes", "seconds", "nanoseconds"}

// fields returns pointers to the numeric fields in wire order.
func (iv *Interval) fields() [8]*int64 {
	return [8]*int64{&iv.Years, &iv.Months, &iv.Weeks, &iv.Days, &iv.Hours, &iv.Minutes, &iv.Seconds, &iv.Nanoseconds}
}

// check reports a field the server would not keep exactly.
func (iv *Interval) check() error {
	for i, p := range iv.fields() {
		v := *p
		limit := int64(1) << 53 // kept as a double
		switch i {
		case ivYear, ivMonth, ivWeek, ivNanosecond:
			limit = 1<<31 - 1 // kept as int32
		}
		if v > limit || v < -limit {
			return fmt.Errorf("tarantool: interval %s %d is out of Tarantool's range ±%d", ivUnits[i], v, limit)
		}
	}
	if int(iv.Adjust) >= len(adjustWire) {
		return fmt.Errorf("tarantool: interval adjust mode %d is not one of AdjustNone, AdjustExcess, AdjustLast", iv.Adjust)
	}
	return nil
}

// AppendMsgpack appends the interval as MP_INTERVAL, so that an Interval
// (or *Interval) can be a tuple field, a key or an argument. It returns an
// error for a field out of Tarantool's range.
func (iv Interval) AppendMsgpack(dst []byte) ([]byte, error) {
	if err := iv.check(); err != nil {
		return dst, err
	}
	var buf [1 + 9*10]byte // count, then at most 9 pairs of 1 + 9 bytes
	p := append(buf[:0], 0)
	for i, f := range iv.fields() {
		if *f != 0 {
			p = AppendInt(append(p, byte(i)), *f)
			p[0]++
		}
	}
	if a := adjustWire[iv.Adjust]; a != 0 {
		p = AppendInt(append(p, ivAdjust), a)
		p[0]++
	}
	return append(AppendExtHeader(dst, ExtInterval, len(p)), p...), nil
}

// decodeInterval decodes an MP_INTERVAL payload. Like the server it takes
// the fields in any order; unknown field ids, values out of range and
// bytes after the last pair are errors.
func decodeInterval(payload []byte) (any, error) {
	if len(payload) == 0 {
		return nil, errors.New("interval: empty payload")
	}
	d := NewDecoder(payload[1:])
	iv := Interval{Adjust: AdjustExcess} // the server leaves out its 0, excess
	fields := iv.fields()
	for n := int(payload[0]); n > 0; n-- {
		id, err := d.byte1("interval field id")
		if err != nil {
			return nil, err
		}
		if id > ivAdjust {
			return nil, fmt.Errorf("interval: unknown field id %d", id)
		}
		v, err := d.Int()
		if err != nil {
			return nil, err
		}
		if id < ivAdjust {
			*fields[id] = v
			continue
		}
		switch v {
		case 0:
			iv.Adjust = AdjustExcess
		case 1:
			iv.Adjust = AdjustNone
		case 2:
			iv.Adjust = AdjustLast
		default:
			return nil, fmt.Errorf("interval: unknown adjust mode %d", v)
		}
	}
	if d.Len() != 0 {
		return nil, fmt.Errorf("interval: %d bytes after the last field", d.Len())
	}
	if err := iv.check(); err != nil {
		return nil, err
	}
	return iv, nil
}

// String formats the interval as Tarantool does ("+1 years, 2 months,
// -3 days", "+0 seconds" when empty), followed by ", adjust excess" or
// ", adjust last" unless the mode is AdjustNone. ParseInterval reads it
// back.
func (iv Interval) String() string {
	var b []byte
	add := func(v int64, unit string) {
		if len(b) == 0 {
			if v >= 0 {
				b = append(b, '+')
			}
		} else {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, v, 10)
		b = append(b, ' ')
		b = append(b, unit...)
	}
	for i, f := range iv.fields() {
		if *f != 0 || (i == ivSecond && len(b) == 0) {
			add(*f, ivUnits[i])
		}
	}
	if iv.Adjust != AdjustNone {
		b = append(b, ", adjust "...)
		b = append(b, iv.Adjust.String()...)
	}
	return string(b)
}

// ParseInterval reads the text form of [Interval.String]: comma-separated
// "N unit" items (units years, months, weeks, days, hours, minutes,
// seconds, nanoseconds, each at most once, in any order, singular or
// plural) and an optional "adjust none|excess|last".
func ParseInterval(s string) (Interval, error) {
	var iv Interval
	if strings.TrimSpace(s) == "" {
		return iv, errors.New("tarantool: empty interval")
	}
	fields := iv.fields()
	var seen [ivAdjust + 1]bool
	for _, item := range strings.Split(s, ",") {
		w := strings.Fields(item)
		if len(w) != 2 {
			return Interval{}, fmt.Errorf("tarantool: interval %q: item %q is not \"N unit\"", s, strings.TrimSpace(item))
		}
		id := -1
		if w[0] == "adjust" {
			id = ivAdjust
			a := -1
			for m, name := range adjustNames {
				if w[1] == name {
					a = m
				}
			}
			if a < 0 {
				return Interval{}, fmt.Errorf("tarantool: interval %q: adjust mode %q is not none, excess or last", s, w[1])
			}
			iv.Adjust = IntervalAdjust(a)
		} else {
			for u, name := range ivUnits {
				if w[1] == name || w[1] == strings.TrimSuffix(name, "s") {
					id = u
				}
			}
			if id < 0 {
				return Interval{}, fmt.Errorf("tarantool: interval %q: unknown unit %q", s, w[1])
			}
			v, err := strconv.ParseInt(w[0], 10, 64)
			if err != nil {
				return Interval{}, fmt.Errorf("tarantool: interval %q: %s is not an integer", s, w[0])
			}
			*fields[id] = v
		}
		if seen[id] {
			return Interval{}, fmt.Errorf("tarantool: interval %q: %s given twice", s, w[1])
		}
		seen[id] = true
	}
	if err := iv.check(); err != nil {
		return Interval{}, err
	}
	return iv, nil
}

// Scan implements database/sql.Scanner: it takes an Interval or the text
// form (string or []byte), which is what the tarantool SQL driver returns
// for INTERVAL values. NULL is an error; scan into sql.Null[Interval] or
// *Interval for nullable columns.
func (iv *Interval) Scan(src any) error {
	var err error
	switch v := src.(type) {
	case Interval:
		*iv = v
	case string:
		*iv, err = ParseInterval(v)
	case []byte:
		*iv, err = ParseInterval(string(v))
	case nil:
		err = errors.New("tarantool: cannot scan NULL into an Interval; use sql.Null[Interval]")
	default:
		err = fmt.Errorf("tarantool: cannot scan a %T into an Interval", src)
	}
	return err
}

func init() { extDecoders[ExtInterval] = decodeInterval }
