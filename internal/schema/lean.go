package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"

	"github.com/invopop/jsonschema"
)

// What a tool publishes is lean: every byte of it is read by a model on
// every turn. The full schema (Must) stays the server's rule book; the
// published one keeps what helps a model fill the arguments in and leaves
// out what only a validator needs:
//
//   - Input: type, properties, items, required, enum, default and the
//     descriptions. Lengths, ranges, patterns and additionalProperties:false
//     are enforced server-side, with readable messages, and not published.
//     An argument tagged `jsonschema_extras:"x-unlisted=true"` is accepted
//     but not published: a knob shared by many tools (how long to wait) is
//     described once, in the server's instructions, not in every tool.
//   - Output: the keys at every level (properties and items), and the
//     type of objects and arrays only: a scalar key is {} (any value), its
//     type said by its name (id, status, size) and the tool's description.
//     Open (no required, no additionalProperties:false): structuredContent,
//     an error's included, validates against it for the clients that check
//     (the TypeScript SDK does, even on isError), and it tells what keys to
//     expect at about half the bytes of typed leaves.

// Kind says which lean form to write.
type Kind int

const (
	Input  Kind = iota // what the caller sends
	Output             // what the tool returns
)

// Lean returns the published schema of T (a struct, or pointer to one).
func Lean[T any](k Kind) json.RawMessage {
	return lean(reflect.TypeFor[T](), k)
}

// reflected caches the reflection of each type: the view of a server is the
// result of four tools, reflected once.
var reflected sync.Map // reflect.Type → *jsonschema.Schema

// lean is Lean for a reflect.Type: from published.json when it holds t,
// else reflected.
func lean(t reflect.Type, k Kind) json.RawMessage {
	if s, ok := published()[Key(t, k)]; ok {
		return bytes.Clone(s) // each tool's own, as reflected ones are
	}
	return leanOf(t, k)
}

// leanOf is t's lean schema, reflected.
func leanOf(t reflect.Type, k Kind) json.RawMessage {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var b bytes.Buffer
	writeLean(&b, reflect1(t), k, true)
	return b.Bytes()
}

// reflect1 is t's reflection, made once.
func reflect1(t reflect.Type) *jsonschema.Schema {
	s, ok := reflected.Load(t)
	if !ok {
		s, _ = reflected.LoadOrStore(t, reflector.ReflectFromType(t))
	}
	return s.(*jsonschema.Schema)
}

// writeLean writes s as compact JSON, keeping the keys of kind k. The top
// level always has properties: some clients reject an object without.
func writeLean(b *bytes.Buffer, s *jsonschema.Schema, k Kind, top bool) {
	b.WriteByte('{')
	first := true
	key := func(name string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Quote(name))
		b.WriteByte(':')
	}
	if s.Type != "" && (k == Input || top || s.Type == "object" || s.Type == "array") {
		key("type")
		b.WriteString(strconv.Quote(s.Type))
	}
	if k == Input {
		if s.Description != "" {
			key("description")
			writeJSON(b, s.Description)
		}
		if len(s.Enum) > 0 {
			key("enum")
			writeJSON(b, s.Enum)
		}
		if s.Default != nil {
			key("default")
			writeJSON(b, s.Default)
		}
	}
	if s.Properties != nil && s.Properties.Len() > 0 || top {
		key("properties")
		b.WriteByte('{')
		if s.Properties != nil {
			n := 0
			for p := s.Properties.Oldest(); p != nil; p = p.Next() {
				if k == Input && unlisted(p.Value) {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				n++
				b.WriteString(strconv.Quote(p.Key))
				b.WriteByte(':')
				writeLean(b, p.Value, k, false)
			}
		}
		b.WriteByte('}')
	}
	if s.Items != nil {
		key("items")
		writeLean(b, s.Items, k, false)
	}
	if k == Input && len(s.Required) > 0 {
		key("required")
		writeJSON(b, s.Required)
	}
	b.WriteByte('}')
}

// unlisted reports an argument accepted but not published.
func unlisted(s *jsonschema.Schema) bool {
	v, _ := s.Extras["x-unlisted"].(bool)
	return v
}

func writeJSON(b *bytes.Buffer, v any) {
	out, err := json.Marshal(v)
	if err != nil {
		panic(err) // descriptions, enums and defaults come from struct tags
	}
	b.Write(out)
}
