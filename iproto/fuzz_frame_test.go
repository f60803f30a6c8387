package iproto_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// fuzzMaxReply is the reply limit of FuzzReadPacket: small, so that the
// fuzzer reaches it.
const fuzzMaxReply = 1 << 12

// FuzzReadPacket feeds a byte stream to the packet reader, as the
// connection's reader goroutine does: every packet is within the limit and
// its header decodes or fails with ErrMalformed; the stream ends with EOF,
// a clean error, never a panic or an oversized buffer.
func FuzzReadPacket(f *testing.F) {
	f.Add(pingReply)
	f.Add(append(append([]byte{}, pingReply...), noSuchProcReply...))
	f.Add(replyPacket(0, 2, selectBody))
	f.Add(pingReply[:len(pingReply)-1])
	f.Add(wire("ce 7fffffff 83"))
	f.Add(wire("cf 0000010000000000"))
	f.Add(wire("cc 03 81 00 00 04 93 01 02 03"))
	f.Add(wire("a5 'hello'"))
	f.Add(wire("00 01 c0"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(stream), 16)
		var buf []byte
		for n := 0; ; n++ {
			pkt, err := iproto.ReadPacket(br, buf, fuzzMaxReply)
			if err != nil {
				var tl *iproto.ReplyTooLargeError
				switch {
				case err == io.EOF, errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, iproto.ErrMalformed):
				case errors.As(err, &tl):
					if tl.Size <= fuzzMaxReply || tl.Limit != fuzzMaxReply {
						t.Fatalf("ReplyTooLargeError %+v for a limit of %d", tl, fuzzMaxReply)
					}
				default:
					t.Fatalf("packet %d: unexpected error %T %v", n, err, err)
				}
				return
			}
			if len(pkt) > fuzzMaxReply {
				t.Fatalf("packet %d of %d bytes above the limit %d", n, len(pkt), fuzzMaxReply)
			}
			if n > len(stream) {
				t.Fatalf("%d packets from %d bytes", n, len(stream))
			}
			if _, body, err := iproto.DecodeHeader(pkt); err != nil {
				if !errors.Is(err, iproto.ErrMalformed) {
					t.Fatalf("DecodeHeader error %v does not match ErrMalformed", err)
				}
			} else if len(body) > len(pkt) {
				t.Fatalf("body of %d bytes from a packet of %d", len(body), len(pkt))
			}
			buf = pkt
		}
	})
}

// FuzzSQLReplyParts decodes arbitrary METADATA and SQL_INFO values: a
// clean ErrMalformed or a result no larger than its input, never a panic.
func FuzzSQLReplyParts(f *testing.F) {
	f.Add(wire("91 82 00 a1 'A' 01 a7 'integer'"))
	f.Add(wire("92 85 00 a2 'ID' 01 a7 'integer' 03 c2 04 c3 05 c0 83 00 a1 'S' 01 a6 'string' 02 a7 'unicode'"))
	f.Add(wire("82 00 01 01 91 67"))
	f.Add(wire("81 01 93 01 d0 ff cf ffffffffffffffff"))
	f.Add(wire("dd ffffffff 80"))
	f.Add(wire("91 81 00 c1"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		cols, err := iproto.DecodeColumns(raw)
		if err != nil && !errors.Is(err, iproto.ErrMalformed) {
			t.Fatalf("DecodeColumns error %v does not match ErrMalformed", err)
		}
		if len(cols) > len(raw) {
			t.Fatalf("%d columns from %d bytes", len(cols), len(raw))
		}
		info, err := iproto.DecodeSQLInfo(raw)
		if err != nil && !errors.Is(err, iproto.ErrMalformed) {
			t.Fatalf("DecodeSQLInfo error %v does not match ErrMalformed", err)
		}
		if len(info.AutoincrementIDs) > len(raw) {
			t.Fatalf("%d ids from %d bytes", len(info.AutoincrementIDs), len(raw))
		}
	})
}
