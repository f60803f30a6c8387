package tntotel

import (
	"net"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// The attributes this package adds to the semantic conventions', in the
// tarantool namespace.
const (
	// AbandonedKey (bool) marks the span of a request whose Future was
	// released without a wait: the caller gave it up, its outcome unknown.
	AbandonedKey = attribute.Key("tarantool.request.abandoned")
	// SpaceIDKey (int) is the space of a request that named it by id
	// only, when db.collection.name is unknown.
	SpaceIDKey = attribute.Key("tarantool.space.id")
	// StreamIDKey (int) is the stream of a request run in one.
	StreamIDKey = attribute.Key("tarantool.stream.id")
	// ConnectStepKey (string) is the step of a failed Dial: "connect",
	// "greeting", "negotiation", "authentication" or "session setup".
	ConnectStepKey = attribute.Key("tarantool.connect.step")
	// ReconnectAttemptKey (int) is the number of a reconnection attempt,
	// 1 for the first after a break.
	ReconnectAttemptKey = attribute.Key("tarantool.reconnect.attempt")
	// ReconnectCauseKey (string) is the message of the error that broke
	// the connection a reconnection replaces (its error.type with
	// WithErrorMessages(false)).
	ReconnectCauseKey = attribute.Key("tarantool.reconnect.cause")
	// RoleFromKey and RoleToKey are the roles of an instance before and
	// after a change ("read-write", "read-only"), on a "role change" span.
	RoleFromKey = attribute.Key("tarantool.role.from")
	RoleToKey   = attribute.Key("tarantool.role.to")
	// InstanceStatusKey is box.status's status (2.10+) on a "role change"
	// span: "running", "orphan" ...
	InstanceStatusKey = attribute.Key("tarantool.instance.status")
)

// SystemName is the value of db.system.name.
const SystemName = "tarantool"

// systemAttr is db.system.name = "tarantool".
var systemAttr = semconv.DBSystemNameKey.String(SystemName)

// server describes a server address as attributes.
type server struct {
	// attrs are db.system.name, server.address and, for a TCP address,
	// server.port.
	attrs []attribute.KeyValue
	// target is server.address:server.port, or the address alone
	// without a port: the span name's target and the pool name.
	target string
}

// newServer splits address (host:port, or a Unix socket's path) into
// server.address and server.port. An address that is not host:port (a
// path, or a host without a port) is server.address whole.
func newServer(address string) server {
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, systemAttr)
	host, portStr, err := net.SplitHostPort(address)
	port, perr := strconv.Atoi(portStr)
	if err != nil || perr != nil || host == "" {
		attrs = append(attrs, semconv.ServerAddress(address))
		return server{attrs: attrs, target: address}
	}
	attrs = append(attrs, semconv.ServerAddress(host), semconv.ServerPort(port))
	return server{attrs: attrs, target: net.JoinHostPort(host, portStr)}
}

// transport is network.transport for a Config's Network.
func transport(network string) attribute.KeyValue {
	if network == "unix" {
		return semconv.NetworkTransportUnix
	}
	return semconv.NetworkTransportTCP
}
