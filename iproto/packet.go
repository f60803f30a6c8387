package iproto

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// Header is the header map of a packet.
type Header struct {
	Type          RequestType // request type, or reply status
	Sync          uint64      // request id, echoed in the reply
	SchemaVersion uint64      // in replies: the server's; in requests: 0 or the version to check
	StreamID      uint64      // 0 = not in a stream (2.10+)
}

// Request is a request body encoder. AppendBody appends the body map (or
// nothing, for a request without a body) and must not retain dst.
// Every request type of this package implements it on its value, so a
// value and a pointer both do: pass a pointer to a larger one (Select,
// Execute ...) to keep it from being copied into the interface.
type Request interface {
	Type() RequestType
	AppendBody(dst []byte) ([]byte, error)
}

// packetSizeLen is the length of the size prefix the client writes: 0xce
// and a big-endian uint32, patched once the packet is complete.
const packetSizeLen = 5

// minPacketBuffer is the smallest packet buffer allocated.
const minPacketBuffer = 512

// MaxPacketSize is the largest packet the protocol allows (IPROTO_BODY_LEN_MAX).
const MaxPacketSize = 1 << 31

// AppendPacket appends a whole packet (size, header, body) for req. On an
// encoding error dst is returned unchanged, with the error.
func AppendPacket(dst []byte, h Header, req Request) ([]byte, error) {
	start := len(dst)
	dst = AppendUint32Fixed(dst, 0)
	dst = appendHeader(dst, h)
	dst, err := req.AppendBody(dst)
	if err != nil {
		return dst[:start], err
	}
	n := len(dst) - start - packetSizeLen
	if uint64(n) >= MaxPacketSize {
		return dst[:start], fmt.Errorf("tarantool: %s request of %d bytes exceeds the protocol limit of %d", req.Type(), n, uint64(MaxPacketSize))
	}
	binary.BigEndian.PutUint32(dst[start+1:], uint32(n))
	return dst, nil
}

func appendHeader(dst []byte, h Header) []byte {
	n := 2
	if h.SchemaVersion != 0 {
		n++
	}
	if h.StreamID != 0 {
		n++
	}
	dst = append(dst, 0x80|byte(n))
	dst = AppendUint(AppendKey(dst, KeyRequestType), uint64(h.Type))
	dst = AppendUint(AppendKey(dst, KeySync), h.Sync)
	if h.SchemaVersion != 0 {
		dst = AppendUint(AppendKey(dst, KeySchemaVersion), h.SchemaVersion)
	}
	if h.StreamID != 0 {
		dst = AppendUint(AppendKey(dst, KeyStreamID), h.StreamID)
	}
	return dst
}

// ReadPacket reads one packet (header and body, without the size prefix)
// from r into buf, growing it when needed, and returns it. A size prefix
// that is not an unsigned integer, or one above maxSize, is an error.
func ReadPacket(r *bufio.Reader, buf []byte, maxSize int) ([]byte, error) {
	size, err := ReadPacketSize(r)
	if err != nil {
		return buf[:0], err
	}
	if size > uint64(maxSize) {
		return buf[:0], &ReplyTooLargeError{Size: size, Limit: maxSize}
	}
	return ReadPacketBody(r, buf, size)
}

// ReadPacketSize reads the size prefix of a packet: with ReadPacketBody or
// SkipPacket after it, a reader can decide per packet whether to buffer it.
func ReadPacketSize(r *bufio.Reader) (uint64, error) {
	c, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	var size uint64
	switch {
	case c <= 0x7f:
		size = uint64(c)
	case c >= 0xcc && c <= 0xcf:
		for w := 1 << (c - 0xcc); w > 0; w-- {
			b, err := r.ReadByte()
			if err != nil {
				return 0, unexpectedEOF(err)
			}
			size = size<<8 | uint64(b)
		}
	default:
		return 0, &DecodeError{Msg: fmt.Sprintf("packet size prefix starts with 0x%02x, not an unsigned integer", c)}
	}
	return size, nil
}

// ReadPacketBody reads the size bytes that follow a size prefix, which the
// caller has checked against its limit, into buf, growing it when needed.
func ReadPacketBody(r *bufio.Reader, buf []byte, size uint64) ([]byte, error) {
	if uint64(cap(buf)) < size {
		// Buffers move between requests and replies; a floor and doubling
		// keep a steady state from reallocating.
		buf = make([]byte, size, max(int(size), 2*cap(buf), minPacketBuffer))
	}
	buf = buf[:size]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf[:0], unexpectedEOF(err)
	}
	return buf, nil
}

// SkipPacket reads the header of the packet of size bytes that follows a
// size prefix, and discards the rest of the packet without buffering it.
// The header must decode from the packet's first r.Size() bytes: a
// header that does not is an error, and the stream is left mid-packet.
// What is peeked grows from what is buffered already, so a header that
// arrived with the size prefix is decoded without waiting for more.
func SkipPacket(r *bufio.Reader, size uint64) (Header, error) {
	limit := int(min(size, uint64(r.Size())))
	var h Header
	for n := 1; ; n *= 2 {
		n = min(max(n, r.Buffered()), limit)
		head, err := r.Peek(n)
		if err != nil {
			return h, unexpectedEOF(err)
		}
		if h, _, err = DecodeHeader(head); err == nil {
			break
		}
		if n == limit {
			// A MessagePack error on a cut header may only say that
			// bytes ran out; with all the bytes there, it is final.
			return h, err
		}
	}
	if _, err := r.Discard(int(size)); err != nil {
		return h, unexpectedEOF(err)
	}
	return h, nil
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReplyTooLargeError reports a reply longer than the configured limit
// (Config.MaxReplySize, the DSN parameter max_reply_size). The connection
// reads such a reply's header, discards the rest unbuffered, and fails
// only the request the reply answers, with this error: the connection
// stays usable for every other request. A push (box.session.push) above
// the limit fails its request in the same way, and its final reply is
// then dropped; a watcher event above it is dropped.
//
// A size beyond the protocol's limit (MaxPacketSize) means a corrupt
// stream: the connection fails, and every request in flight gets a
// *ConnError wrapping this error.
type ReplyTooLargeError struct {
	Size  uint64 // the reply's size, as its size prefix gives it
	Limit int    // the limit it exceeds
}

func (e *ReplyTooLargeError) Error() string {
	return fmt.Sprintf("tarantool: reply of %d bytes exceeds the limit of %d bytes (max_reply_size)", e.Size, e.Limit)
}

// DecodeHeader decodes the header of a packet and returns it with the rest
// of the packet (the body, possibly empty).
func DecodeHeader(pkt []byte) (Header, []byte, error) {
	var h Header
	d := Decoder{buf: pkt}
	n, err := d.MapLen()
	if err != nil {
		return h, nil, err
	}
	for i := 0; i < n; i++ {
		k, err := d.Uint()
		if err != nil {
			return h, nil, err
		}
		var v uint64
		switch Key(k) {
		case KeyRequestType, KeySync, KeySchemaVersion, KeyStreamID:
			if v, err = d.Uint(); err != nil {
				return h, nil, err
			}
		default:
			if err := d.Skip(); err != nil {
				return h, nil, err
			}
			continue
		}
		switch Key(k) {
		case KeyRequestType:
			if v > 0xffffffff {
				return h, nil, d.errorf("request type %d out of range", v)
			}
			h.Type = RequestType(v)
		case KeySync:
			h.Sync = v
		case KeySchemaVersion:
			h.SchemaVersion = v
		case KeyStreamID:
			h.StreamID = v
		}
	}
	return h, pkt[d.off:], nil
}

// Body holds the fields of a reply body. Slices alias the packet and hold
// the raw MessagePack of each value; they live as long as the Response.
type Body struct {
	Data         []byte // DATA (0x30): array of tuples or of return values
	Metadata     []byte // METADATA (0x32): SQL column descriptions
	BindMetadata []byte // BIND_METADATA (0x33)
	SQLInfo      []byte // SQL_INFO (0x42)
	Position     []byte // POSITION (0x35): the string's bytes, not its encoding
	Error24      []byte // ERROR_24 (0x31): the message's bytes
	ErrorStack   []byte // ERROR (0x52): the MP_ERROR map
	Features     []byte // FEATURES (0x55)
	EventKey     []byte // EVENT_KEY (0x57): the key's bytes
	EventData    []byte // EVENT_DATA (0x58)
	AuthType     []byte // AUTH_TYPE (0x5b): the name's bytes
	StmtID       uint64 // STMT_ID (0x43)
	BindCount    uint64 // BIND_COUNT (0x34)
	Version      uint64 // VERSION (0x54)
	HasStmtID    bool
}

// ParseBody decodes a reply body map into b. Unknown keys are skipped.
func ParseBody(body []byte, b *Body) error {
	*b = Body{}
	if len(body) == 0 {
		return nil
	}
	d := Decoder{buf: body}
	n, err := d.MapLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		k, err := d.Uint()
		if err != nil {
			return err
		}
		switch Key(k) {
		case KeyData:
			b.Data, err = d.Raw()
		case KeyMetadata:
			b.Metadata, err = d.Raw()
		case KeyBindMetadata:
			b.BindMetadata, err = d.Raw()
		case KeySQLInfo:
			b.SQLInfo, err = d.Raw()
		case KeyError:
			b.ErrorStack, err = d.Raw()
		case KeyFeatures:
			b.Features, err = d.Raw()
		case KeyEventData:
			b.EventData, err = d.Raw()
		case KeyPosition:
			b.Position, err = d.stringOrBinary()
		case KeyError24:
			b.Error24, err = d.StringBytes()
		case KeyEventKey:
			b.EventKey, err = d.StringBytes()
		case KeyAuthType:
			b.AuthType, err = d.StringBytes()
		case KeyStmtID:
			b.StmtID, err = d.Uint()
			b.HasStmtID = err == nil
		case KeyBindCount:
			b.BindCount, err = d.Uint()
		case KeyVersion:
			b.Version, err = d.Uint()
		default:
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *Decoder) stringOrBinary() ([]byte, error) {
	if d.Peek() == KindBinary {
		return d.Binary()
	}
	return d.StringBytes()
}

// DecodeData decodes the body's DATA array with Decoder.Any: tuples or return
// values as Go values that do not alias the body. A body without DATA gives
// nil; DATA that is not an array is an error.
func (b *Body) DecodeData() ([]any, error) {
	if b.Data == nil {
		return nil, nil
	}
	d := Decoder{buf: b.Data}
	if d.Peek() != KindArray {
		return nil, d.errorf("reply DATA is %s, not an array", d.Peek())
	}
	v, err := d.Any()
	if err != nil {
		return nil, err
	}
	return v.([]any), nil
}
