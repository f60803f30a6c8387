// Package iproto implements Tarantool's binary protocol: MessagePack
// encoding and checked decoding, packet framing, the greeting, chap-sha1
// authentication, request and reply codecs, server errors with their
// MP_ERROR stack, and a pipelined connection safe for concurrent use.
//
// The SQL driver (package tarantool) and the native API (package box) are
// both built on it and never import each other.
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
// # Connections
//
// [Dial] connects, reads the greeting, negotiates features with IPROTO_ID
// (servers before 2.10 answer "unknown request type": no features),
// authenticates and applies session settings. A [Conn] is shared by any
// number of goroutines: each request gets a unique sync, one writer
// goroutine coalesces concurrent requests into few writes, and one
// goroutine at a time reads replies and hands them to their [Future]s: the
// connection's reader goroutine under load, or a caller that waits alone
// for its reply, which then costs one wake-up instead of two. [Conn.Send]
// returns a [Future], [Future.Wait] and [Conn.Do] a [Response]: small
// values on request state the connection pools, which a Release hands
// back; a Response used after its Release, or a Future waited for twice,
// gives [ErrReleased] and never another request's reply. A request
// whose context ends returns ctx.Err() at once; its late reply is
// discarded and the connection stays usable. When the connection breaks, every request in flight fails
// with a [*ConnError] telling whether it was written (and may have run).
// [Conn.Watch] subscribes to watcher events (2.10+) per key and per
// subscriber: the connection sends WATCH once per key and acknowledges
// each event itself.
//
// The constants mirror Tarantool's src/box/iproto_constants.h,
// iproto_features.h, iterator_type.h and errcode.h.
package iproto
