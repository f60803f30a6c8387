package iproto

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"time"
)

// This file is the codec of MP_DATETIME (extension 4, Tarantool 2.10+,
// src/lib/core/mp_datetime.c): fixext8 or fixext16 holding, little-endian,
//
//	int64 seconds since 1970-01-01T00:00:00Z
//	int32 nanoseconds  \
//	int16 tzoffset      | only when one of them is not zero
//	int16 tzindex      /
//
// tzoffset is the zone's offset in minutes east of UTC; tzindex, when not
// zero, names the zone in Tarantool's table (ext_datetime_zones.go), which
// is generated from Tarantool's src/lib/tzcode/timezones.h with
//
//	awk -F'"' '/^ZONE_(ABBREV|UNIQUE)/ {split($1, a, /[(,]/);
//		printf "\t{%d, \"%s\", %s},\n", a[2], $2, /ABBREV/ ? "true" : "false"}'
//
// for tzZones and the same over ZONE_ALIAS lines for tzAliases.

// The ranges Tarantool accepts (datetime_validate in datetime.h).
const (
	minDatetimeSeconds = (math.MinInt32 - 719163) * 86400 // -5879610-06-22T00:00:00Z
	maxDatetimeSeconds = (math.MaxInt32 - 719163) * 86400 // 5879611-07-11T00:00:00Z
	minTZOffset        = -12 * 60
	maxTZOffset        = 14 * 60
	maxTZIndex         = 1024
	maxDatetimeNanos   = 2e9 // Tarantool lets a leap second run past 1e9
)

// tzZone is one zone of Tarantool's table: an abbreviation (a fixed
// offset such as "MSK") or an Olson zone ("Europe/Moscow").
type tzZone struct {
	id     int16
	name   string
	abbrev bool
}

// tzAlias is another name of the Olson zone with id.
type tzAlias struct {
	name string
	id   int16
}

var (
	tzOnce   sync.Once
	tzByID   map[int16]*tzZone
	tzByName map[string]int16
	tzLoaded sync.Map // Olson name -> *time.Location, nil when the system has no such zone
	tzFixed  sync.Map // offset in seconds -> *time.Location without a name
)

func tzTables() {
	tzByID = make(map[int16]*tzZone, len(tzZones))
	tzByName = make(map[string]int16, len(tzZones)+len(tzAliases))
	for i := range tzZones {
		z := &tzZones[i]
		tzByID[z.id] = z
		tzByName[z.name] = z.id
	}
	for _, a := range tzAliases {
		tzByName[a.name] = a.id
	}
}

// tzIndexOf returns the tzindex of a zone name, 0 when Tarantool does not
// know it.
func tzIndexOf(name string) int16 {
	tzOnce.Do(tzTables)
	return tzByName[name]
}

// appendDatetime appends t as MP_DATETIME: its instant to the nanosecond,
// its zone's offset at that instant, and the zone's tzindex when Tarantool
// knows the location's name (an Olson name such as "Europe/Moscow", or an
// abbreviation such as "MSK" for a time.FixedZone). time.UTC is sent with
// neither, as Tarantool's own datetimes are; other locations (time.Local,
// an unnamed time.FixedZone) with their offset only. Tarantool keeps offsets
// in minutes from −12:00 to +14:00: an offset outside that range, or one
// with seconds in a location without a known name, is an error.
func appendDatetime(dst []byte, t time.Time) ([]byte, error) {
	sec := t.Unix()
	if sec < minDatetimeSeconds || sec > maxDatetimeSeconds {
		return dst, fmt.Errorf("tarantool: time %v is outside Tarantool's DATETIME range (years -5879610 to 5879611)", t)
	}
	_, off := t.Zone()
	var index int16
	if loc := t.Location(); loc != time.UTC {
		index = tzIndexOf(loc.String())
	}
	if off%60 != 0 && index == 0 {
		return dst, fmt.Errorf("tarantool: time %v: zone offset %ds has seconds, Tarantool keeps minutes (use a named zone, or truncate the offset)", t, off)
	}
	tzoff := off / 60
	if tzoff < minTZOffset || tzoff > maxTZOffset {
		return dst, fmt.Errorf("tarantool: time %v: zone offset %+d minutes is outside Tarantool's range -12:00 to +14:00", t, tzoff)
	}
	nsec := t.Nanosecond()
	if nsec == 0 && tzoff == 0 && index == 0 {
		return binary.LittleEndian.AppendUint64(AppendExtHeader(dst, ExtDatetime, 8), uint64(sec)), nil
	}
	dst = binary.LittleEndian.AppendUint64(AppendExtHeader(dst, ExtDatetime, 16), uint64(sec))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(int32(nsec)))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(int16(tzoff)))
	return binary.LittleEndian.AppendUint16(dst, uint16(index)), nil
}

// decodeDatetime decodes an MP_DATETIME payload into a time.Time in the
// value's zone: the Olson location when tzindex names one that the system's
// zone database has with the same offset at that instant, else a
// time.FixedZone with the zone's name (or no name) and the offset sent;
// time.UTC when the value has neither zone nor offset.
func decodeDatetime(payload []byte) (any, error) {
	if len(payload) != 8 && len(payload) != 16 {
		return nil, fmt.Errorf("datetime: payload of %d bytes, want 8 or 16", len(payload))
	}
	sec := int64(binary.LittleEndian.Uint64(payload))
	if sec < minDatetimeSeconds || sec > maxDatetimeSeconds {
		return nil, fmt.Errorf("datetime: %d seconds out of range", sec)
	}
	var nsec int32
	var off, index int16
	if len(payload) == 16 {
		nsec = int32(binary.LittleEndian.Uint32(payload[8:]))
		off = int16(binary.LittleEndian.Uint16(payload[12:]))
		index = int16(binary.LittleEndian.Uint16(payload[14:]))
	}
	switch {
	case nsec < 0 || nsec >= maxDatetimeNanos:
		return nil, fmt.Errorf("datetime: %d nanoseconds out of range", nsec)
	case off < minTZOffset || off > maxTZOffset:
		return nil, fmt.Errorf("datetime: zone offset %d minutes out of range", off)
	case index < 0 || index > maxTZIndex:
		return nil, fmt.Errorf("datetime: zone index %d out of range", index)
	}
	return time.Unix(sec, int64(nsec)).In(datetimeLocation(sec, int(off)*60, index)), nil
}

// datetimeLocation returns the location of a decoded DATETIME.
func datetimeLocation(sec int64, off int, index int16) *time.Location {
	if index != 0 {
		tzOnce.Do(tzTables)
		if z := tzByID[index]; z != nil {
			if !z.abbrev {
				if loc := loadZone(z.name); loc != nil {
					if _, o := time.Unix(sec, 0).In(loc).Zone(); o/60 == off/60 {
						return loc
					}
				}
			}
			return time.FixedZone(z.name, off)
		}
	}
	if off == 0 {
		return time.UTC
	}
	if loc, ok := tzFixed.Load(off); ok {
		return loc.(*time.Location)
	}
	loc, _ := tzFixed.LoadOrStore(off, time.FixedZone("", off))
	return loc.(*time.Location)
}

// loadZone returns the system's location for an Olson name, or nil.
func loadZone(name string) *time.Location {
	if loc, ok := tzLoaded.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	tzLoaded.Store(name, loc)
	return loc
}

func init() { extDecoders[ExtDatetime] = decodeDatetime }
