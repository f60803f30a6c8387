package iproto

// Select is a SELECT request. Key is an array value ([]any, a struct ...)
// or a single scalar, sent as a one-part key; nil selects with an empty
// key. Limit 0 means no limit.
type Select struct {
	SpaceID  uint32
	IndexID  uint32
	Iterator Iterator
	Offset   uint32
	Limit    uint32
	Key      any
	// Pagination (2.11+, feature PAGINATION): FetchPosition asks for the
	// position after the last tuple; After (a position) or AfterTuple starts
	// after it. Never set them for a server without the feature.
	FetchPosition bool
	After         []byte
	AfterTuple    any
}

// Type returns TypeSelect.
func (Select) Type() RequestType { return TypeSelect }

// AppendBody appends the SELECT body.
func (r Select) AppendBody(dst []byte) ([]byte, error) {
	n := 6
	if r.FetchPosition {
		n++
	}
	if r.After != nil {
		n++
	}
	if r.AfterTuple != nil {
		n++
	}
	dst = append(dst, 0x80|byte(n))
	dst = AppendUint(AppendKey(dst, KeySpaceID), uint64(r.SpaceID))
	dst = AppendUint(AppendKey(dst, KeyIndexID), uint64(r.IndexID))
	dst = appendLimit(AppendKey(dst, KeyLimit), r.Limit)
	dst = AppendUint(AppendKey(dst, KeyOffset), uint64(r.Offset))
	dst = AppendUint(AppendKey(dst, KeyIterator), uint64(r.Iterator))
	dst, err := appendKeyValue(AppendKey(dst, KeyKey), r.Key)
	if err != nil {
		return dst, err
	}
	if r.FetchPosition {
		dst = AppendBool(AppendKey(dst, KeyFetchPosition), true)
	}
	if r.After != nil {
		dst = AppendStringBytes(AppendKey(dst, KeyAfterPosition), r.After)
	}
	if r.AfterTuple != nil {
		if dst, err = appendArrayValue(AppendKey(dst, KeyAfterTuple), r.AfterTuple); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// appendArrayValue appends v, which must encode as an array; nil is an
// empty array.
func appendArrayValue(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return AppendArrayHeader(dst, 0), nil
	}
	start := len(dst)
	dst, err := AppendValue(dst, v)
	if err != nil {
		return dst[:start], err
	}
	if len(dst) == start || kindOf(dst[start]) != KindArray {
		return dst[:start], errNotArray(v)
	}
	return dst, nil
}

// appendKeyValue appends an index key: an array value as it is, nil as
// an empty array, and a single scalar as a one-part key. A value that
// encodes as nothing, as nil or as a map is refused: a NULL key part is
// written []any{nil}.
func appendKeyValue(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return AppendArrayHeader(dst, 0), nil
	}
	start := len(dst)
	dst, err := AppendValue(append(dst, 0x91), v)
	if err != nil {
		return dst[:start], err
	}
	if len(dst) == start+1 {
		return dst[:start], errNotArray(v)
	}
	switch kindOf(dst[start+1]) {
	case KindArray:
		// Already an array: drop the one-element header.
		dst = dst[:start+copy(dst[start:], dst[start+1:])]
	case KindNil, KindMap:
		return dst[:start], errNotArray(v)
	}
	return dst, nil
}

// Insert is an INSERT request.
type Insert struct {
	SpaceID uint32
	Tuple   any
}

// Type returns TypeInsert.
func (Insert) Type() RequestType { return TypeInsert }

// AppendBody appends {SPACE_ID, TUPLE}.
func (r Insert) AppendBody(dst []byte) ([]byte, error) {
	return appendSpaceTuple(dst, r.SpaceID, r.Tuple)
}

// Replace is a REPLACE request.
type Replace struct {
	SpaceID uint32
	Tuple   any
}

// Type returns TypeReplace.
func (Replace) Type() RequestType { return TypeReplace }

// AppendBody appends {SPACE_ID, TUPLE}.
func (r Replace) AppendBody(dst []byte) ([]byte, error) {
	return appendSpaceTuple(dst, r.SpaceID, r.Tuple)
}

func appendSpaceTuple(dst []byte, space uint32, tuple any) ([]byte, error) {
	dst = append(dst, 0x82)
	dst = AppendUint(AppendKey(dst, KeySpaceID), uint64(space))
	return appendArrayValue(AppendKey(dst, KeyTuple), tuple)
}

// Delete is a DELETE request. Key is an array or a single scalar, as in
// Select.
type Delete struct {
	SpaceID uint32
	IndexID uint32
	Key     any
}

// Type returns TypeDelete.
func (Delete) Type() RequestType { return TypeDelete }

// AppendBody appends {SPACE_ID, INDEX_ID, KEY}.
func (r Delete) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x83)
	dst = AppendUint(AppendKey(dst, KeySpaceID), uint64(r.SpaceID))
	dst = AppendUint(AppendKey(dst, KeyIndexID), uint64(r.IndexID))
	return appendKeyValue(AppendKey(dst, KeyKey), r.Key)
}

// Update is an UPDATE request. Key is an array or a single scalar, as in
// Select. Ops is an array of operations such as []any{[]any{"=", 1, "x"}};
// field numbers are 0-based.
type Update struct {
	SpaceID uint32
	IndexID uint32
	Key     any
	Ops     any
}

// Type returns TypeUpdate.
func (Update) Type() RequestType { return TypeUpdate }

// AppendBody appends {SPACE_ID, INDEX_ID, KEY, TUPLE: ops}. The server
// reads UPDATE's operations under TUPLE, not OPS.
func (r Update) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x84)
	dst = AppendUint(AppendKey(dst, KeySpaceID), uint64(r.SpaceID))
	dst = AppendUint(AppendKey(dst, KeyIndexID), uint64(r.IndexID))
	dst, err := appendKeyValue(AppendKey(dst, KeyKey), r.Key)
	if err != nil {
		return dst, err
	}
	return appendArrayValue(AppendKey(dst, KeyTuple), r.Ops)
}

// Upsert is an UPSERT request: insert Tuple, or apply Ops to the tuple with
// the same primary key.
type Upsert struct {
	SpaceID uint32
	Tuple   any
	Ops     any
}

// Type returns TypeUpsert.
func (Upsert) Type() RequestType { return TypeUpsert }

// AppendBody appends {SPACE_ID, TUPLE, OPS}.
func (r Upsert) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x83)
	dst = AppendUint(AppendKey(dst, KeySpaceID), uint64(r.SpaceID))
	dst, err := appendArrayValue(AppendKey(dst, KeyTuple), r.Tuple)
	if err != nil {
		return dst, err
	}
	return appendArrayValue(AppendKey(dst, KeyOps), r.Ops)
}
