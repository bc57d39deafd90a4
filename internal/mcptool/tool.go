// Package mcptool is the one adapter over mcp-go's tool types: a tool is a
// typed Go function, and this package derives its schemas and annotations,
// decodes and validates its arguments, turns its errors into isError results
// and carries progress and cancellation.
package mcptool

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"runtime/debug"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/schema"
)

// Effect says what a tool does to the cloud; it decides the annotations and
// which safety modes hide the tool.
type Effect int

const (
	Read        Effect = iota // list_*, get_*: no change
	Write                     // creates or changes, destroys nothing
	Destructive               // deletes or overwrites
)

func (e Effect) String() string {
	return [...]string{"read", "write", "destructive"}[e]
}

// Def is what a tool is, apart from its code.
type Def struct {
	Name        string
	Title       string
	Description string
	Effect      Effect
	Idempotent  bool   // calling twice with the same arguments changes nothing more
	Toolset     string // "compute" or "volume"; set by the toolset
	// DestructiveWhen, on a Write tool, reports whether these (validated,
	// defaulted) arguments make the call destroy something: restore_backup
	// onto an existing volume. --disable-destructive refuses such calls.
	// Made of a predicate on the typed arguments by DestructiveIf.
	DestructiveWhen func(args json.RawMessage) bool
	// Ask, on a tool that destroys, says what a call will destroy, for the
	// question put to the user before it runs (confirm.go); without it the
	// question names the tool and its arguments.
	Ask Question
}

// Tool is a tool ready to register: its definition, schemas and handler.
// InputSchema and OutputSchema are what tools/list publishes: lean (see
// internal/schema). The full input schema, with every rule, is what the
// arguments are validated against, from the tool's first call on.
type Tool struct {
	Def          Def
	InputSchema  json.RawMessage
	OutputSchema json.RawMessage
	fullIn       func() json.RawMessage
	fullOut      func() json.RawMessage
	in, out      reflect.Type // A and R, for the generated schemas' test (internal/schema/published.json)
	args         *argSpec
	call         func(ctx context.Context, args json.RawMessage) (any, error)
}

// New makes a tool from a typed handler. A's struct tags give the input
// schema (see internal/schema), R's the output schema.
func New[A, R any](def Def, fn func(ctx context.Context, args A) (R, error)) Tool {
	fullIn := func() json.RawMessage { return schema.Must[A]() }
	return Tool{
		Def:          def,
		InputSchema:  schema.Lean[A](schema.Input),
		OutputSchema: schema.Lean[R](schema.Output),
		fullIn:       fullIn,
		fullOut:      func() json.RawMessage { return schema.Must[R]() },
		in:           reflect.TypeFor[A](),
		out:          reflect.TypeFor[R](),
		args:         newArgSpec(def.Name, fullIn),
		call: func(ctx context.Context, raw json.RawMessage) (any, error) {
			var a A
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			dec.UseNumber()
			if err := dec.Decode(&a); err != nil {
				return nil, fault.Errorf(fault.CodeInvalidArgument, "arguments: %v", err)
			}
			return fn(ctx, a)
		},
	}
}

// DestructiveIf makes a Def's DestructiveWhen of a predicate on the typed
// arguments, so a tool says which of its arguments destroy in its own
// types rather than by key name. Arguments that do not decode count as
// destroying: the safe side.
func DestructiveIf[A any](fn func(a A) bool) func(json.RawMessage) bool {
	return func(raw json.RawMessage) bool {
		var a A
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&a); err != nil {
			return true
		}
		return fn(a)
	}
}

// Types are the tool's argument and result types, whose lean schemas are
// its InputSchema and OutputSchema.
func (t Tool) Types() (args, result reflect.Type) { return t.in, t.out }

// FullInputSchema is the input schema with every rule (lengths, ranges,
// closed objects): what the arguments are checked against, and what the
// reference documentation shows.
func (t Tool) FullInputSchema() json.RawMessage { return t.fullIn() }

// FullOutputSchema is the result's schema with its descriptions, for the
// reference documentation.
func (t Tool) FullOutputSchema() json.RawMessage { return t.fullOut() }

// invoke validates raw arguments (a JSON object, or empty for none), applies
// the schema's defaults and runs the handler. The error, if any, is always a
// classified *fault.Error; a panic in the handler becomes an internal error,
// its stack logged to log.
func (t Tool) invoke(ctx context.Context, raw json.RawMessage, log *slog.Logger) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &fault.Error{Code: fault.CodeInternal,
				Message: fmt.Sprintf("%s failed unexpectedly: %v", t.Def.Name, r),
				Hint:    "this is a bug in mcp-infomaniak; the server is still running"}
			t.panicLog(log, r, debug.Stack())
		}
	}()
	args, err := t.args.prepare(raw)
	if err != nil {
		return nil, err
	}
	res, err := t.call(ctx, args)
	if err != nil {
		return nil, fault.Classify(err)
	}
	return res, nil
}

// Arguments returns raw with defaults applied after validation: what the
// handler sees. The safety filter reads it to judge DestructiveWhen.
func (t Tool) Arguments(raw json.RawMessage) (json.RawMessage, error) {
	return t.args.prepare(raw)
}

// panicLog records a handler's panic with its stack: the caller gets an
// internal error, the operator the means to fix it.
func (t Tool) panicLog(log *slog.Logger, r any, stack []byte) {
	log.Error("tool handler panicked", "tool", t.Def.Name, "panic", fmt.Sprint(r), "stack", string(stack))
}
