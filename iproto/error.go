package iproto

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Error is an error reported by the server: a raised error in an error
// reply, or an error value (MP_ERROR extension) returned by CALL or EVAL.
//
// errors.Is(err, code) matches an ErrorCode anywhere in the stack;
// errors.As(err, &e) with e a *Error finds it in a wrapped error.
type Error struct {
	// Code is the outermost error's code (box.error.*).
	Code ErrorCode
	// Message is the outermost error's message.
	Message string
	// Stack is the MP_ERROR stack, outermost error first and each following
	// frame the cause of the one before. Servers older than 2.4.1 send no
	// stack; then it is empty.
	Stack ErrorStack
}

// ErrorStack is an MP_ERROR stack, outermost error first. It prints as
// its frames joined by "; caused by: ", so that a log line holding it
// reads as text, not as Go structs. A []ErrorFrame assigns to it and
// back.
type ErrorStack []ErrorFrame

// String formats the stack as each frame's String, the outermost first,
// joined by "; caused by: "; an empty stack is "".
func (s ErrorStack) String() string {
	var b strings.Builder
	for i, f := range s {
		if i > 0 {
			b.WriteString("; caused by: ")
		}
		f.appendTo(&b)
	}
	return b.String()
}

// ErrorFrame is one error of an MP_ERROR stack.
type ErrorFrame struct {
	Type    string         // error class: ClientError, LuajitError, AccessDeniedError, CustomError ...
	File    string         // source file that raised it ("[C]" for some)
	Line    uint64         // line in File
	Message string         // the error text
	Errno   uint64         // errno for a SystemError, else 0
	Code    ErrorCode      // box.error code
	Fields  map[string]any // extra payload (custom_type, object_name ...), nil when absent
}

// String formats the frame as "TYPE: MESSAGE (ER_NAME, code N) at
// FILE:LINE", with ", errno N" after the code of a SystemError. A part the
// server did not send is left out; so is a line of 0 or 0xffffffff (what
// frames raised from C without a line carry). Fields are not shown.
func (f ErrorFrame) String() string {
	var b strings.Builder
	f.appendTo(&b)
	return b.String()
}

func (f *ErrorFrame) appendTo(b *strings.Builder) {
	if f.Type != "" {
		b.WriteString(f.Type)
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	fmt.Fprintf(b, " (%s, code %d", f.Code.String(), uint32(f.Code))
	if f.Errno != 0 {
		fmt.Fprintf(b, ", errno %d", f.Errno)
	}
	b.WriteByte(')')
	if f.File != "" {
		b.WriteString(" at ")
		b.WriteString(f.File)
		if f.Line != 0 && f.Line < math.MaxUint32 {
			fmt.Fprintf(b, ":%d", f.Line)
		}
	}
}

// Format prints an ErrorCode as its name (ER_TUPLE_FOUND) for %v and %s,
// so that fmt.Println(e.Code) and log lines show the name: without it, fmt
// would prefer Error ("tarantool: ER_TUPLE_FOUND") to String. %q quotes
// the name, %#v gives iproto.ErrorCode(3), and %d, %x and the other
// integer verbs print the number. Error, and so errors.Is, is unchanged;
// an ErrorCode wrapped by fmt.Errorf's %w shows as its name.
func (c ErrorCode) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprintf(f, "iproto.ErrorCode(%d)", uint32(c))
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, 's'), c.String())
	case 's', 'q':
		fmt.Fprintf(f, fmt.FormatString(f, verb), c.String())
	case 'd', 'b', 'o', 'O', 'x', 'X', 'c', 'U':
		fmt.Fprintf(f, fmt.FormatString(f, verb), uint32(c))
	default:
		fmt.Fprintf(f, "%%!%c(iproto.ErrorCode=%d)", verb, uint32(c))
	}
}

// Error formats the error as "tarantool: MESSAGE (ER_NAME, code N)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tarantool: ")
	b.WriteString(e.Message)
	fmt.Fprintf(&b, " (%s, code %d)", e.Code.String(), uint32(e.Code))
	return b.String()
}

// Type returns the error class of the outermost frame ("ClientError" ...),
// or "" when the server sent no stack.
func (e *Error) Type() string {
	if len(e.Stack) == 0 {
		return ""
	}
	return e.Stack[0].Type
}

// Is reports whether target is an ErrorCode equal to this error's code.
// Causes are reached through Unwrap.
func (e *Error) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && c == e.Code
}

// Unwrap returns the cause (the next frame of the stack) as an *Error, or nil.
func (e *Error) Unwrap() error {
	if len(e.Stack) < 2 {
		return nil
	}
	cause := e.Stack[1:]
	return &Error{Code: cause[0].Code, Message: cause[0].Message, Stack: cause}
}

// decodeErrorStack decodes an MP_ERROR map ({0: [frame, ...]}).
func decodeErrorStack(d *Decoder) (ErrorStack, error) {
	n, err := d.MapLen()
	if err != nil {
		return nil, err
	}
	var stack ErrorStack
	for i := 0; i < n; i++ {
		k, err := d.Uint()
		if err != nil {
			return nil, err
		}
		if k != errKeyStack {
			if err := d.Skip(); err != nil {
				return nil, err
			}
			continue
		}
		m, err := d.ArrayLen()
		if err != nil {
			return nil, err
		}
		stack = make(ErrorStack, 0, min(m, 8))
		for range m {
			var f ErrorFrame
			if err := decodeErrorFrame(d, &f); err != nil {
				return nil, err
			}
			stack = append(stack, f)
		}
	}
	return stack, nil
}

func decodeErrorFrame(d *Decoder, f *ErrorFrame) error {
	n, err := d.MapLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		k, err := d.Uint()
		if err != nil {
			return err
		}
		switch k {
		case errKeyType:
			f.Type, err = d.Str()
		case errKeyFile:
			f.File, err = d.Str()
		case errKeyLine:
			f.Line, err = d.Uint()
		case errKeyMessage:
			f.Message, err = d.Str()
		case errKeyErrno:
			f.Errno, err = d.Uint()
		case errKeyCode:
			var c uint64
			c, err = d.Uint()
			f.Code = ErrorCode(c)
		case errKeyFields:
			var v any
			v, err = d.Any()
			if err == nil {
				f.Fields, err = stringKeyed(v)
			}
		default:
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func stringKeyed(v any) (map[string]any, error) {
	switch m := v.(type) {
	case map[string]any:
		return m, nil
	case nil:
		return nil, nil
	case map[any]any:
		if len(m) == 0 {
			return nil, nil
		}
	}
	return nil, errors.New("error frame fields are not a map with string keys")
}

// ReplyError builds the *Error of an error reply (a type with TypeErrorFlag)
// from its type and parsed body: the code, the message and the MP_ERROR stack
// when the body has one.
func ReplyError(t RequestType, b *Body) *Error {
	e := &Error{Code: t.ErrorCode(), Message: string(b.Error24)}
	if len(b.ErrorStack) > 0 {
		if stack, err := decodeErrorStack(NewDecoder(b.ErrorStack)); err == nil && len(stack) > 0 {
			e.Stack = stack
			e.Code = stack[0].Code
			if e.Message == "" {
				e.Message = stack[0].Message
			}
		}
	}
	return e
}

// decodeErrorExt decodes the payload of an MP_ERROR extension value.
func decodeErrorExt(payload []byte) (any, error) {
	return decodeErrorValue(NewDecoder(payload))
}

func decodeErrorValue(d *Decoder) (any, error) {
	stack, err := decodeErrorStack(d)
	if err != nil {
		return nil, err
	}
	if len(stack) == 0 {
		return nil, errors.New("MP_ERROR value with an empty stack")
	}
	return &Error{Code: stack[0].Code, Message: stack[0].Message, Stack: stack}, nil
}

func init() { extDecoders[ExtError] = decodeErrorExt }
