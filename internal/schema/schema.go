// Package schema is the one user of invopop/jsonschema: it turns a Go struct
// into the inline JSON Schema an MCP tool declares.
package schema

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/invopop/jsonschema"
)

var reflector = jsonschema.Reflector{
	// Inline everything: many MCP clients cannot follow $ref/$defs.
	DoNotReference: true,
	ExpandedStruct: true,
	// Only `jsonschema:"required"` marks a field required; omitempty does not decide it.
	RequiredFromJSONSchemaTags: true,
	// additionalProperties:false everywhere: an unknown argument is a mistake worth telling.
	AllowAdditionalProperties: false,
}

// full returns the JSON Schema of T, which must be a struct (or pointer to one).
func full[T any]() (json.RawMessage, error) {
	t := reflect.TypeFor[T]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("schema: %s is not a struct", t)
	}
	s := *reflect1(t) // a copy: the reflection is shared
	s.Version, s.ID = "", ""
	if s.Properties == nil || s.Properties.Len() == 0 {
		// Some clients reject an object schema without "properties".
		s.Properties = jsonschema.NewProperties()
	}
	return json.Marshal(&s)
}

// Must is full that panics: tool definitions are built at start-up from
// static types, so a failure is a programming error caught by any test.
func Must[T any]() json.RawMessage {
	b, err := full[T]()
	if err != nil {
		panic(err)
	}
	return b
}
