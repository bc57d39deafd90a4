package schema

import (
	_ "embed"
	"encoding/json"
	"reflect"
	"sync"
)

// published.json holds the lean schemas of every registered tool's
// argument and result types, as Lean reflects them, keyed by Key: a
// server answers its first tools/list without reflecting forty structs
// (about a third of the start-up's own CPU time). `go generate
// ./...` rewrites it (internal/server's TestPublishedSchemas, which fails
// when it is stale); a type it does not hold (a new tool before that, a
// test's) is reflected as before.
//
//go:embed published.json
var publishedJSON []byte

var published = sync.OnceValue(func() map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(publishedJSON, &m); err != nil {
		panic("internal/schema/published.json: " + err.Error()) // generated; a test reads it
	}
	return m
})

// Key names t's lean schema of kind k in published.json.
func Key(t reflect.Type, k Kind) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.String() // an unnamed type: its literal
	if t.Name() != "" {
		name = t.PkgPath() + "." + t.Name()
	}
	return [...]string{"input ", "output "}[k] + name
}

// Reflected is Lean without published.json: what the generator writes
// and its test compares.
func Reflected(t reflect.Type, k Kind) json.RawMessage {
	return leanOf(t, k)
}
