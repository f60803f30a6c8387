package iproto

import "fmt"

// The constants in this file mirror Tarantool's src/box/iproto_constants.h,
// src/box/iproto_features.h, src/box/iterator_type.h, src/box/txn.h
// (enum txn_isolation_level) and src/lib/core/mp_extension_types.h.

// RequestType is the value of the REQUEST_TYPE header key: the kind of a
// request, or the status of a reply.
type RequestType uint32

// Request and reply types.
const (
	TypeOK            RequestType = 0
	TypeSelect        RequestType = 1
	TypeInsert        RequestType = 2
	TypeReplace       RequestType = 3
	TypeUpdate        RequestType = 4
	TypeDelete        RequestType = 5
	TypeCall16        RequestType = 6
	TypeAuth          RequestType = 7
	TypeEval          RequestType = 8
	TypeUpsert        RequestType = 9
	TypeCall          RequestType = 10
	TypeExecute       RequestType = 11
	TypeNop           RequestType = 12
	TypePrepare       RequestType = 13
	TypeBegin         RequestType = 14 // 2.10+, inside a stream
	TypeCommit        RequestType = 15 // 2.10+, inside a stream
	TypeRollback      RequestType = 16 // 2.10+, inside a stream
	TypePing          RequestType = 64
	TypeID            RequestType = 73 // 2.10+
	TypeWatch         RequestType = 74 // 2.10+, no reply
	TypeUnwatch       RequestType = 75 // 2.10+, no reply
	TypeEvent         RequestType = 76 // 2.10+, server to client
	TypeWatchOnce     RequestType = 77 // 3.0+
	TypeChunk         RequestType = 128
	TypeErrorFlag     RequestType = 0x8000 // set in every error reply; low bits hold the ErrorCode
	typeErrorCodeMask             = 0x7fff
)

var requestTypeNames = map[RequestType]string{
	TypeOK: "OK", TypeSelect: "SELECT", TypeInsert: "INSERT", TypeReplace: "REPLACE",
	TypeUpdate: "UPDATE", TypeDelete: "DELETE", TypeCall16: "CALL_16", TypeAuth: "AUTH",
	TypeEval: "EVAL", TypeUpsert: "UPSERT", TypeCall: "CALL", TypeExecute: "EXECUTE",
	TypeNop: "NOP", TypePrepare: "PREPARE", TypeBegin: "BEGIN", TypeCommit: "COMMIT",
	TypeRollback: "ROLLBACK", TypePing: "PING", TypeID: "ID", TypeWatch: "WATCH",
	TypeUnwatch: "UNWATCH", TypeEvent: "EVENT", TypeWatchOnce: "WATCH_ONCE", TypeChunk: "CHUNK",
}

func (t RequestType) String() string {
	if t.IsError() {
		return "ERROR(" + t.ErrorCode().String() + ")"
	}
	if s, ok := requestTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("RequestType(%d)", uint32(t))
}

// IsError reports whether a reply of this type is an error.
func (t RequestType) IsError() bool { return t&TypeErrorFlag != 0 }

// ErrorCode returns the error code carried by an error reply type.
func (t RequestType) ErrorCode() ErrorCode { return ErrorCode(t & typeErrorCodeMask) }

// Key is a key of a packet's header or body map. Every key is below 0x80
// and is encoded as a one-byte fixint (see AppendKey).
type Key uint8

// Header keys.
const (
	KeyRequestType   Key = 0x00
	KeySync          Key = 0x01
	KeySchemaVersion Key = 0x05
	KeyStreamID      Key = 0x0a // 2.10+
)

// Body keys.
const (
	KeySpaceID       Key = 0x10
	KeyIndexID       Key = 0x11
	KeyLimit         Key = 0x12
	KeyOffset        Key = 0x13
	KeyIterator      Key = 0x14
	KeyIndexBase     Key = 0x15
	KeyFetchPosition Key = 0x1f // 2.11+
	KeyKey           Key = 0x20
	KeyTuple         Key = 0x21
	KeyFunctionName  Key = 0x22
	KeyUserName      Key = 0x23
	KeyExpr          Key = 0x27
	KeyOps           Key = 0x28
	KeyAfterPosition Key = 0x2e // 2.11+
	KeyAfterTuple    Key = 0x2f // 2.11+
	KeyData          Key = 0x30
	KeyError24       Key = 0x31
	KeyMetadata      Key = 0x32
	KeyBindMetadata  Key = 0x33
	KeyBindCount     Key = 0x34
	KeyPosition      Key = 0x35 // 2.11+
	KeySQLText       Key = 0x40
	KeySQLBind       Key = 0x41
	KeySQLInfo       Key = 0x42
	KeyStmtID        Key = 0x43
	KeyError         Key = 0x52
	KeyVersion       Key = 0x54 // 2.10+
	KeyFeatures      Key = 0x55 // 2.10+
	KeyTimeout       Key = 0x56 // 2.10+, must be a float64
	KeyEventKey      Key = 0x57 // 2.10+
	KeyEventData     Key = 0x58 // 2.10+
	KeyTxnIsolation  Key = 0x59 // 2.10+
	KeyAuthType      Key = 0x5b // 2.11+
	KeySpaceName     Key = 0x5e // 3.0+
	KeyIndexName     Key = 0x5f // 3.0+
	KeyTupleFormats  Key = 0x60 // 3.0+
	KeyIsSync        Key = 0x61 // 3.2+
)

// Keys of an SQL column's metadata map (IPROTO_FIELD_*) and of SQL_INFO.
const (
	FieldName            = 0
	FieldType            = 1
	FieldColl            = 2
	FieldIsNullable      = 3
	FieldIsAutoincrement = 4
	FieldSpan            = 5

	SQLInfoRowCount         = 0
	SQLInfoAutoincrementIDs = 1
)

// Keys of an MP_ERROR map and of each frame of its stack.
const (
	errKeyStack   = 0x00
	errKeyType    = 0x00
	errKeyFile    = 0x01
	errKeyLine    = 0x02
	errKeyMessage = 0x03
	errKeyErrno   = 0x04
	errKeyCode    = 0x05
	errKeyFields  = 0x06
)

// Iterator selects how SELECT walks an index.
type Iterator uint8

// Iterators.
const (
	IterEq            Iterator = 0 // key == x, ascending (the default)
	IterReq           Iterator = 1 // key == x, descending
	IterAll           Iterator = 2 // every tuple
	IterLt            Iterator = 3 // key < x, descending
	IterLe            Iterator = 4 // key <= x, descending
	IterGe            Iterator = 5 // key >= x
	IterGt            Iterator = 6 // key > x
	IterBitsAllSet    Iterator = 7
	IterBitsAnySet    Iterator = 8
	IterBitsAllNotSet Iterator = 9
	IterOverlaps      Iterator = 10 // rtree
	IterNeighbor      Iterator = 11 // rtree
	IterNp            Iterator = 12 // next prefix, 3.2+
	IterPp            Iterator = 13 // previous prefix, 3.2+
)

var iteratorNames = [...]string{"EQ", "REQ", "ALL", "LT", "LE", "GE", "GT", "BITS_ALL_SET",
	"BITS_ANY_SET", "BITS_ALL_NOT_SET", "OVERLAPS", "NEIGHBOR", "NP", "PP"}

func (it Iterator) String() string {
	if int(it) < len(iteratorNames) {
		return iteratorNames[it]
	}
	return fmt.Sprintf("Iterator(%d)", uint8(it))
}

// Feature is a protocol feature negotiated with IPROTO_ID (2.10+).
type Feature uint8

// Protocol features.
const (
	FeatureStreams               Feature = 0  // 2.10
	FeatureTransactions          Feature = 1  // 2.10
	FeatureErrorExtension        Feature = 2  // 2.10
	FeatureWatchers              Feature = 3  // 2.10
	FeaturePagination            Feature = 4  // 2.11
	FeatureSpaceAndIndexNames    Feature = 5  // 3.0
	FeatureWatchOnce             Feature = 6  // 3.0
	FeatureDMLTupleExtension     Feature = 7  // 3.0
	FeatureCallRetTupleExtension Feature = 8  // 3.0
	FeatureCallArgTupleExtension Feature = 9  // 3.0
	FeatureFetchSnapshotCursor   Feature = 10 // 3.2, Enterprise Edition
	FeatureIsSync                Feature = 11 // 3.2
	FeatureInsertArrow           Feature = 12 // 3.3
)

var featureNames = [...]string{"STREAMS", "TRANSACTIONS", "ERROR_EXTENSION", "WATCHERS",
	"PAGINATION", "SPACE_AND_INDEX_NAMES", "WATCH_ONCE", "DML_TUPLE_EXTENSION",
	"CALL_RET_TUPLE_EXTENSION", "CALL_ARG_TUPLE_EXTENSION", "FETCH_SNAPSHOT_CURSOR",
	"IS_SYNC", "INSERT_ARROW"}

func (f Feature) String() string {
	if int(f) < len(featureNames) {
		return featureNames[f]
	}
	return fmt.Sprintf("Feature(%d)", uint8(f))
}

// ProtocolVersion is the IPROTO protocol version this client speaks.
const ProtocolVersion = 6

// Isolation is a transaction isolation level sent with BEGIN (2.10+).
type Isolation uint8

// Isolation levels.
const (
	IsolationDefault       Isolation = 0 // the server's box.cfg txn_isolation
	IsolationReadCommitted Isolation = 1
	IsolationReadConfirmed Isolation = 2
	IsolationBestEffort    Isolation = 3
	IsolationLinearizable  Isolation = 4 // 2.11+
)

var isolationNames = [...]string{"default", "read_committed", "read_confirmed", "best_effort", "linearizable"}

func (l Isolation) String() string {
	if int(l) < len(isolationNames) {
		return isolationNames[l]
	}
	return fmt.Sprintf("Isolation(%d)", uint8(l))
}

// ParseIsolation returns the level named as by Isolation.String.
func ParseIsolation(s string) (Isolation, error) {
	for i, n := range isolationNames {
		if n == s {
			return Isolation(i), nil
		}
	}
	return 0, fmt.Errorf("tarantool: unknown isolation level %q (want one of default, read_committed, read_confirmed, best_effort, linearizable)", s)
}

// ExtType is a MessagePack extension type id.
type ExtType int8

// Tarantool's extension types.
const (
	ExtDecimal     ExtType = 1
	ExtUUID        ExtType = 2
	ExtError       ExtType = 3
	ExtDatetime    ExtType = 4 // 2.10+
	ExtCompression ExtType = 5 // Enterprise Edition
	ExtInterval    ExtType = 6 // 2.10+
	ExtTuple       ExtType = 7 // 3.0+
	ExtArrow       ExtType = 8 // 3.3+
)

var extNames = map[ExtType]string{ExtDecimal: "DECIMAL", ExtUUID: "UUID", ExtError: "ERROR",
	ExtDatetime: "DATETIME", ExtCompression: "COMPRESSION", ExtInterval: "INTERVAL",
	ExtTuple: "TUPLE", ExtArrow: "ARROW"}

func (t ExtType) String() string {
	if s, ok := extNames[t]; ok {
		return s
	}
	return fmt.Sprintf("ExtType(%d)", int8(t))
}

// ErrorCode is a Tarantool error code (box.error.*). It implements error so
// that errors.Is(err, iproto.ErTupleFound) matches a server error with that
// code.
type ErrorCode uint32

func (c ErrorCode) String() string {
	if s, ok := errorCodeNames[c]; ok {
		return s
	}
	return fmt.Sprintf("ER_%d", uint32(c))
}

// Error returns the code's name, so that an ErrorCode can be an errors.Is target.
func (c ErrorCode) Error() string { return "tarantool: " + c.String() }

// System spaces the client reads.
const (
	SpaceVSpace          = 281
	SpaceVIndex          = 289
	SpaceSessionSettings = 380
)
