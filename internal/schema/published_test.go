package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// A type is keyed by its package path and name (a pointer by what it
// points to), an unnamed one by its literal; input and output apart.
func TestKey(t *testing.T) {
	for _, c := range []struct {
		typ  reflect.Type
		k    Kind
		want string
	}{
		{reflect.TypeFor[args](), Input, "input github.com/mcp-infomaniak/mcp-infomaniak/internal/schema.args"},
		{reflect.TypeFor[*args](), Output, "output github.com/mcp-infomaniak/mcp-infomaniak/internal/schema.args"},
		{reflect.TypeFor[struct{}](), Input, "input struct {}"},
	} {
		if got := Key(c.typ, c.k); got != c.want {
			t.Errorf("Key(%v, %v) = %q, want %q", c.typ, c.k, got, c.want)
		}
	}
}

// The generated file reads, and holds compact lean schemas: what lean
// returns for them is published as is.
func TestPublishedFileReads(t *testing.T) {
	m := published()
	if len(m) == 0 {
		t.Fatal("internal/schema/published.json holds no schema (run go generate ./...)")
	}
	for k, s := range m {
		var b bytes.Buffer
		if err := json.Compact(&b, s); err != nil || !bytes.Equal(b.Bytes(), s) {
			t.Errorf("%s: not compact JSON (%v): %s", k, err, s)
		}
		if !strings.HasPrefix(k, "input ") && !strings.HasPrefix(k, "output ") {
			t.Errorf("%s: key without its kind", k)
		}
	}
}

// A type the file does not hold is reflected; each caller gets its own
// bytes.
func TestUnpublishedTypeIsReflected(t *testing.T) {
	a, b := lean(reflect.TypeFor[args](), Input), lean(reflect.TypeFor[args](), Input)
	if !bytes.Equal(a, Reflected(reflect.TypeFor[args](), Input)) {
		t.Errorf("lean = %s", a)
	}
	a[0] = 'x'
	if b[0] != '{' {
		t.Error("two callers share the bytes")
	}
}
