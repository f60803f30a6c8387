package tntotel

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"github.com/tntsql/tarantool/iproto"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// errorAttrs returns error.type for err and, for a server error,
// db.response.status_code.
//
// error.type is the Tarantool error name of an *iproto.Error anywhere in
// err's chain ("ER_TUPLE_FOUND"), with its code as the status code;
// "context.Canceled" or "context.DeadlineExceeded" when err is one of
// those (wrapped by fmt.Errorf or not); otherwise semconv.ErrorType's
// value: an ErrorType method's, or the Go type of err
// ("*engine.TimeoutError").
func errorAttrs(err error) []attribute.KeyValue {
	var se *iproto.Error
	if errors.As(err, &se) {
		return []attribute.KeyValue{
			semconv.ErrorTypeKey.String(se.Code.String()),
			semconv.DBResponseStatusCode(strconv.FormatUint(uint64(se.Code), 10)),
		}
	}
	switch unwrapFmt(err) {
	case context.Canceled:
		return []attribute.KeyValue{semconv.ErrorTypeKey.String("context.Canceled")}
	case context.DeadlineExceeded:
		return []attribute.KeyValue{semconv.ErrorTypeKey.String("context.DeadlineExceeded")}
	}
	return []attribute.KeyValue{semconv.ErrorType(err)}
}

// failed marks span as failed with err, whose attributes errorAttrs gave
// as ea (error.type first): status Error with the error's message and an
// exception event, or, without error messages, with error.type for both.
func (t *Tracer) failed(span trace.Span, err error, ea []attribute.KeyValue) {
	span.SetAttributes(ea...)
	if t.errMessages {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return
	}
	typ := ea[0].Value.AsString()
	span.AddEvent(semconv.ExceptionEventName, trace.WithAttributes(semconv.ExceptionType(typ)))
	span.SetStatus(codes.Error, typ)
}

var fmtWrapType = reflect.TypeOf(fmt.Errorf("%w", errors.New("")))

// unwrapFmt strips the wrappers of fmt.Errorf's %w.
func unwrapFmt(err error) error {
	for reflect.TypeOf(err) == fmtWrapType {
		u := errors.Unwrap(err)
		if u == nil {
			break
		}
		err = u
	}
	return err
}
