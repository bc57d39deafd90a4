package mcptool

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/message"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// argSpec validates a tool's arguments against its full input schema and
// fills in the schema's defaults, so handlers see `wait: true` when the
// caller said nothing. The validator is compiled on the tool's first call:
// a server answers tools/list without compiling thirty of them.
type argSpec struct {
	name     string
	full     func() json.RawMessage // the full input schema
	once     sync.Once
	schema   *jsonschema.Schema
	defaults map[string]any
	names    []string // the arguments, in the schema's order: what an unknown one is told
	err      error
}

func newArgSpec(name string, full func() json.RawMessage) *argSpec {
	return &argSpec{name: name, full: full}
}

// compiled returns the spec compiled, compiling it on first use.
func (s *argSpec) compiled() (*argSpec, error) {
	s.once.Do(func() { s.err = s.compile(s.full()) })
	return s, s.err
}

func (s *argSpec) compile(raw json.RawMessage) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	c := jsonschema.NewCompiler()
	url := "mem://" + s.name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		return err
	}
	if s.schema, err = c.Compile(url); err != nil {
		return fmt.Errorf("tool %s: input schema: %w", s.name, err)
	}
	s.defaults = map[string]any{}
	var top struct {
		Properties map[string]struct {
			Default any `json:"default"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return err
	}
	for k, p := range top.Properties {
		if p.Default != nil {
			s.defaults[k] = p.Default
		}
	}
	s.names, err = propertyNames(raw)
	return err
}

// propertyNames are the keys of a schema's properties, in the order written
// (the arguments struct's): a map would lose it.
func propertyNames(raw json.RawMessage) ([]string, error) {
	var top struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &top); err != nil || len(top.Properties) == 0 {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(top.Properties))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	var names []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		names = append(names, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func (s *argSpec) prepare(raw json.RawMessage) (json.RawMessage, error) {
	if _, err := s.compiled(); err != nil {
		return nil, fault.Errorf(fault.CodeInternal, "%v", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		raw = json.RawMessage("{}")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fault.Errorf(fault.CodeInvalidArgument, "arguments are not valid JSON: %v", err)
	}
	obj, ok := inst.(map[string]any)
	if !ok {
		return nil, fault.Errorf(fault.CodeInvalidArgument, "arguments must be a JSON object")
	}
	if err := s.schema.Validate(obj); err != nil {
		return nil, s.validationError(err)
	}
	if len(s.defaults) == 0 {
		return raw, nil
	}
	added := false
	for k, v := range s.defaults {
		if _, set := obj[k]; !set {
			obj[k] = v
			added = true
		}
	}
	if !added {
		return raw, nil
	}
	return json.Marshal(obj)
}

// Compiled on first use: package-level work is paid by every start.
var printer = sync.OnceValue(func() *message.Printer { return message.NewPrinter(message.MatchLanguage("en")) })

// validationError says every problem found, one phrase each, in words a
// person reads: `size: must be at least 1; unknown argument "bogus"`. An
// unknown argument is told the close ones (volume for volume_id), and the
// hint lists the tool's arguments (also when some are missing): they are
// few, and the agent or person who guessed a name learns the right one
// without another round.
func (s *argSpec) validationError(err error) error {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return fault.Errorf(fault.CodeInvalidArgument, "invalid arguments: %v", err)
	}
	var msgs []string
	hint := "see the tool's input schema"
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			if k, ok := e.ErrorKind.(*kind.AdditionalProperties); ok && len(e.InstanceLocation) == 0 {
				msgs = append(msgs, unknownArguments(k.Properties, s.names))
				hint = "its arguments: " + strings.Join(s.names, ", ")
				return
			}
			if _, ok := e.ErrorKind.(*kind.Required); ok && len(e.InstanceLocation) == 0 {
				hint = "its arguments: " + strings.Join(s.names, ", ")
			}
			msgs = append(msgs, phrase(e))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Strings(msgs)
	return fault.Errorf(fault.CodeInvalidArgument, "%s", strings.Join(msgs, "; ")).WithHint(hint)
}

// unknownArguments names the arguments a tool does not take, each with the
// close names it does take: `unknown argument "volume" (did you mean volume_id?)`.
func unknownArguments(unknown, names []string) string {
	unknown = slices.Sorted(slices.Values(unknown)) // the validator's order is the object's, a map's
	q := make([]string, len(unknown))
	for i, p := range unknown {
		q[i] = fmt.Sprintf("%q", p)
		if close := fault.Suggest(p, names); len(close) > 0 {
			q[i] += " (did you mean " + strings.Join(close, " or ") + "?)"
		}
	}
	return "unknown " + plural(len(q), "argument") + " " + strings.Join(q, ", ")
}

func phrase(e *jsonschema.ValidationError) string {
	at := strings.Join(e.InstanceLocation, ".")
	prefix := ""
	if at != "" {
		prefix = at + ": "
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties: // inside an object argument: its keys are not the tool's arguments
		return prefix + unknownArguments(k.Properties, nil)
	case *kind.Required:
		return prefix + "missing required " + plural(len(k.Missing), "argument") + " " + quoteAll(k.Missing)
	case *kind.Minimum:
		return prefix + "must be at least " + rat(k.Want)
	case *kind.Maximum:
		return prefix + "must be at most " + rat(k.Want)
	case *kind.MinLength:
		if k.Want == 1 {
			return prefix + "must not be empty"
		}
		return fmt.Sprintf("%smust be at least %d characters", prefix, k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("%smust be at most %d characters", prefix, k.Want)
	case *kind.Type:
		return fmt.Sprintf("%smust be %s, not %s", prefix, strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum:
		w := make([]string, len(k.Want))
		for i, v := range k.Want {
			w[i] = fmt.Sprint(v)
		}
		return prefix + "must be one of " + strings.Join(w, ", ")
	}
	return prefix + e.ErrorKind.LocalizedString(printer())
}

func rat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(3)
}

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
