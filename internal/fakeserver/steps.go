package fakeserver

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// maxRequest is the largest request a script reads.
const maxRequest = 16 << 20

// Greeting sends a well-formed greeting of a server of the given version
// ("2.6.0").
func Greeting(version string) Step {
	return Send(GreetingBytes(version))
}

// GreetingBytes returns the 128-byte greeting Greeting sends.
func GreetingBytes(version string) []byte {
	line := func(s string) string { return s + strings.Repeat(" ", 63-len(s)) + "\n" }
	salt := base64.StdEncoding.EncodeToString([]byte("0123456789abcdefghijklmnopqrstuv"))
	return []byte(line("Tarantool "+version+" (Binary) 11111111-2222-3333-4444-555555555555") + line(salt))
}

// Handshake plays a Tarantool 2.6 server greeting a guest: the greeting,
// then IPROTO_ID answered with ER_UNKNOWN_REQUEST_TYPE as 2.6 does.
func Handshake(s *Session) error {
	for _, step := range []Step{Greeting("2.6.0"), Read, ReplyError(iproto.ErUnknownRequestType, "Unknown request type 73")} {
		if err := step(s); err != nil {
			return err
		}
	}
	return nil
}

// Send writes b as it is.
func Send(b []byte) Step {
	return func(s *Session) error {
		_, err := s.nc.Write(b)
		return err
	}
}

// SendFor writes what f builds from the header of the last request read.
func SendFor(f func(last iproto.Header) []byte) Step {
	return func(s *Session) error {
		_, err := s.nc.Write(f(s.Last))
		return err
	}
}

// Read reads one request into Session.Last and LastBody.
func Read(s *Session) error {
	pkt, err := iproto.ReadPacket(s.br, nil, maxRequest)
	if err != nil {
		return fmt.Errorf("fakeserver: reading a request: %w", err)
	}
	h, body, err := iproto.DecodeHeader(pkt)
	if err != nil {
		return fmt.Errorf("fakeserver: request header: %w", err)
	}
	s.Last, s.LastBody = h, body
	s.srv.mu.Lock()
	s.srv.requests = append(s.srv.requests, h.Type)
	s.srv.mu.Unlock()
	return nil
}

// Reply answers the last request read with status OK and body.
func Reply(body []byte) Step {
	return SendFor(func(last iproto.Header) []byte { return Packet(iproto.TypeOK, last.Sync, body) })
}

// ReplyError answers the last request read with an error reply.
func ReplyError(code iproto.ErrorCode, msg string) Step {
	return SendFor(func(last iproto.Header) []byte { return ErrorPacket(code, last.Sync, msg) })
}

// Serve answers every further request with the packet reply builds, until
// the client closes the connection.
func Serve(reply func(h iproto.Header, body []byte) []byte) Step {
	return func(s *Session) error {
		for {
			if err := Read(s); err != nil {
				return errEnd
			}
			if _, err := s.nc.Write(reply(s.Last, s.LastBody)); err != nil {
				return errEnd
			}
		}
	}
}

// Stall reads and discards whatever the client sends and never answers,
// until the client (or Server.Close) closes the connection.
func Stall(s *Session) error {
	io.Copy(io.Discard, s.br)
	return errEnd
}

// Sleep pauses the script.
func Sleep(d time.Duration) Step {
	return func(*Session) error {
		time.Sleep(d)
		return nil
	}
}

// Close closes the connection (and ends the script).
func Close(*Session) error { return errEnd }

// Packet returns a whole packet as a server writes it: the 5-byte size
// prefix, the header {REQUEST_TYPE, SYNC, SCHEMA_VERSION: 1} and body.
func Packet(typ iproto.RequestType, sync uint64, body []byte) []byte {
	p := iproto.AppendUint32Fixed(nil, 0)
	p = append(p, 0x83)
	p = iproto.AppendUint(iproto.AppendKey(p, iproto.KeyRequestType), uint64(typ))
	p = iproto.AppendUint(iproto.AppendKey(p, iproto.KeySync), sync)
	p = iproto.AppendUint(iproto.AppendKey(p, iproto.KeySchemaVersion), 1)
	p = append(p, body...)
	return PatchSize(p)
}

// PatchSize sets the 0xce size prefix of a packet to the length of the
// rest and returns it.
func PatchSize(p []byte) []byte {
	n := uint32(len(p) - 5)
	p[0], p[1], p[2], p[3], p[4] = 0xce, byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return p
}

// ErrorPacket returns an error reply with code and message (ERROR_24).
func ErrorPacket(code iproto.ErrorCode, sync uint64, msg string) []byte {
	body := iproto.AppendString(iproto.AppendKey([]byte{0x81}, iproto.KeyError24), msg)
	return Packet(iproto.TypeErrorFlag|iproto.RequestType(code), sync, body)
}

// Data returns a reply body {DATA: values}.
func Data(values ...any) []byte {
	b, err := iproto.AppendValue(iproto.AppendKey([]byte{0x81}, iproto.KeyData), values)
	if err != nil {
		panic(err)
	}
	return b
}

// SQLRows returns the body of an SQL reply: METADATA naming columns (of
// type "any") and DATA holding rows.
func SQLRows(columns []string, rows ...[]any) []byte {
	b := iproto.AppendKey([]byte{0x82}, iproto.KeyMetadata)
	b = iproto.AppendArrayHeader(b, len(columns))
	for _, c := range columns {
		b = append(b, 0x82)
		b = iproto.AppendString(iproto.AppendUint(b, iproto.FieldName), c)
		b = iproto.AppendString(iproto.AppendUint(b, iproto.FieldType), "any")
	}
	b = iproto.AppendKey(b, iproto.KeyData)
	b = iproto.AppendArrayHeader(b, len(rows))
	for _, r := range rows {
		var err error
		if b, err = iproto.AppendValue(b, r); err != nil {
			panic(err)
		}
	}
	return b
}
