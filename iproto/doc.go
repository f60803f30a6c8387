// Package iproto implements Tarantool's binary protocol: MessagePack
// encoding and checked decoding, packet framing, the greeting, chap-sha1
// authentication, request and reply codecs, server errors with their
// MP_ERROR stack: the wire codec, with no sockets and no goroutines.
//
// # Encoding
//
// Encoders append to a caller's buffer (Append*, [AppendPacket]); the
// packet length is patched once the packet is complete. Every header and
// body key is written as a one-byte positive fixint ([AppendKey]):
// Tarantool 2.6 matches SQL and DML body keys by their raw first byte and
// silently ignores a key in any wider form.
//
// # Decoding
//
// A [Decoder] reads from one buffer, accepts every MessagePack width the
// server uses, checks each length against the bytes left, and returns a
// [*DecodeError] (matching [ErrMalformed]) instead of panicking, whatever
// the input. Byte slices it returns alias the buffer.
//
// # Framing
//
// [ReadPacket] reads one packet from a buffered stream; [ReadPacketSize],
// [ReadPacketBody] and [SkipPacket] let a reader decide per packet whether
// to buffer it. [DecodeHeader] and [ParseBody] split a packet, and
// [ReplyError] turns an error reply into an [*Error].
//
// The package has no sockets and no goroutines: the connection engine that
// sends these requests and reads their replies is package
// github.com/tntsql/tarantool/iproto/engine.
//
// The constants mirror Tarantool's src/box/iproto_constants.h,
// iproto_features.h, iterator_type.h and errcode.h.
package iproto
