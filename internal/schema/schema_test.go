package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

type inner struct {
	Name string `json:"name"`
}

type args struct {
	ID    string  `json:"id" jsonschema:"required,minLength=1" jsonschema_description:"The ID."`
	Size  int     `json:"size,omitempty" jsonschema:"minimum=1"`
	Kind  string  `json:"kind,omitempty" jsonschema:"enum=SOFT,enum=HARD,default=SOFT"`
	Items []inner `json:"items,omitempty"`
}

func TestInlineStrictSchema(t *testing.T) {
	raw, err := full[args]()
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for _, bad := range []string{"$ref", "$defs", "$schema", "$id"} {
		if strings.Contains(s, bad) {
			t.Errorf("schema contains %s: %s", bad, s)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["type"] != "object" || m["additionalProperties"] != false {
		t.Errorf("want a closed object, got %s", s)
	}
	if req, _ := m["required"].([]any); len(req) != 1 || req[0] != "id" {
		t.Errorf("required = %v, want [id]", m["required"])
	}
	props := m["properties"].(map[string]any)
	if props["size"].(map[string]any)["minimum"] != float64(1) {
		t.Errorf("size.minimum missing: %s", s)
	}
	item := props["items"].(map[string]any)["items"].(map[string]any)
	if item["additionalProperties"] != false || item["type"] != "object" {
		t.Errorf("nested struct not inlined and closed: %s", s)
	}
}

func TestEmptyStructHasProperties(t *testing.T) {
	raw, err := full[struct{}]()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"properties":{}`) {
		t.Errorf("empty args schema lacks properties: %s", raw)
	}
}

func TestNotAStruct(t *testing.T) {
	if _, err := full[string](); err == nil {
		t.Error("want an error for a non-struct")
	}
}

type shared struct {
	ID      string `json:"id" jsonschema:"required,minLength=1"`
	Timeout int    `json:"timeout_seconds" jsonschema:"minimum=1,default=600" jsonschema_extras:"x-unlisted=true"`
}

// An unlisted argument is validated (the full schema has it) and not
// published (the lean one has not).
func TestUnlistedArgumentIsNotPublished(t *testing.T) {
	lean := string(Lean[shared](Input))
	if strings.Contains(lean, "timeout_seconds") || !strings.Contains(lean, `"id"`) {
		t.Errorf("published: %s", lean)
	}
	full, err := full[shared]()
	if err != nil || !strings.Contains(string(full), `"timeout_seconds"`) || !strings.Contains(string(full), `"minimum":1`) {
		t.Errorf("full: %s %v", full, err)
	}
}

// The lean input schema keeps what helps a model and drops the rules.
func TestLeanInputKeepsWhatHelps(t *testing.T) {
	got := string(Lean[args](Input))
	want := `{"type":"object","properties":{"id":{"type":"string","description":"The ID."},"size":{"type":"integer"},` +
		`"kind":{"type":"string","enum":["SOFT","HARD"],"default":"SOFT"},"items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}},"required":["id"]}`
	if got != want {
		t.Errorf("lean input:\n got %s\nwant %s", got, want)
	}
}

// The lean output schema keeps the keys at every level and the type of
// objects and arrays; a scalar is {}, which any value satisfies.
func TestLeanOutputKeepsTheKeys(t *testing.T) {
	got := string(Lean[args](Output))
	want := `{"type":"object","properties":{"id":{},"size":{},"kind":{},"items":{"type":"array","items":{"type":"object","properties":{"name":{}}}}}}`
	if got != want {
		t.Errorf("lean output:\n got %s\nwant %s", got, want)
	}
}
