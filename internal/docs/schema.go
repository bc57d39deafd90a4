package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// node is the part of a JSON Schema the reference shows. Properties keep
// the order the schema declares them in (the Go struct's field order), so
// the reference reads like the code and never reshuffles.
type node struct {
	Type        any             `json:"type"` // "string" or ["string", "null"]
	Description string          `json:"description"`
	Default     json.RawMessage `json:"default"`
	Enum        []any           `json:"enum"`
	Const       any             `json:"const"`
	Format      string          `json:"format"`
	Pattern     string          `json:"pattern"`
	Minimum     *float64        `json:"minimum"`
	Maximum     *float64        `json:"maximum"`
	MinLength   *int            `json:"minLength"`
	MaxLength   *int            `json:"maxLength"`
	MinItems    *int            `json:"minItems"`
	MaxItems    *int            `json:"maxItems"`
	Items       *node           `json:"items"`
	Properties  props           `json:"properties"`
	Required    []string        `json:"required"`
	AnyOf       []node          `json:"anyOf"`
	OneOf       []node          `json:"oneOf"`
	// AdditionalProperties is false, true or a schema (a map's values).
	AdditionalProperties json.RawMessage `json:"additionalProperties"`
}

type prop struct {
	Name   string
	Schema node
}

// props is an object's properties in declaration order.
type props []prop

func (p *props) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("properties: want an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		var n node
		if err := dec.Decode(&n); err != nil {
			return fmt.Errorf("property %s: %w", name, err)
		}
		*p = append(*p, prop{Name: name, Schema: n})
	}
	return nil
}

func parseSchema(raw json.RawMessage) (node, error) {
	var n node
	if len(raw) == 0 {
		return n, nil
	}
	err := json.Unmarshal(raw, &n)
	return n, err
}

func (n node) required(name string) bool {
	for _, r := range n.Required {
		if r == name {
			return true
		}
	}
	return false
}

// types is the schema's type list, "null" last.
func (n node) types() []string {
	var out []string
	var null bool
	switch t := n.Type.(type) {
	case string:
		out = append(out, t)
	case []any:
		for _, v := range t {
			if s, ok := v.(string); ok {
				if s == "null" {
					null = true
					continue
				}
				out = append(out, s)
			}
		}
	}
	if null {
		out = append(out, "null")
	}
	return out
}

// mapValues is the schema of a map's values (additionalProperties: {...}).
func (n node) mapValues() *node {
	ap := bytes.TrimSpace(n.AdditionalProperties)
	if len(ap) == 0 || ap[0] != '{' {
		return nil
	}
	var v node
	if json.Unmarshal(ap, &v) != nil {
		return nil
	}
	return &v
}

// typeString renders a schema's type for a person: "integer, 1 to 1000",
// "string: SOFT or HARD", "array of string", "object".
func (n node) typeString() string {
	if len(n.AnyOf) > 0 || len(n.OneOf) > 0 {
		alts := n.AnyOf
		if len(alts) == 0 {
			alts = n.OneOf
		}
		var parts []string
		for _, a := range alts {
			parts = append(parts, a.typeString())
		}
		return strings.Join(parts, " or ")
	}
	ts := n.types()
	base := strings.Join(ts, " or ")
	if base == "" {
		base = "any"
	}
	if len(ts) == 1 || len(ts) == 2 && ts[1] == "null" {
		switch ts[0] {
		case "array":
			if n.Items != nil {
				base = "array of " + n.Items.typeString()
			}
			if len(ts) == 2 {
				base += " or null"
			}
		case "object":
			if v := n.mapValues(); v != nil && len(n.Properties) == 0 {
				base = "map of string to " + v.typeString()
			}
		}
	}
	var extra []string
	if n.Format != "" {
		extra = append(extra, n.Format)
	}
	switch {
	case n.Minimum != nil && n.Maximum != nil:
		extra = append(extra, num(*n.Minimum)+" to "+num(*n.Maximum))
	case n.Minimum != nil:
		extra = append(extra, "at least "+num(*n.Minimum))
	case n.Maximum != nil:
		extra = append(extra, "at most "+num(*n.Maximum))
	}
	switch {
	case n.MinLength != nil && n.MaxLength != nil:
		extra = append(extra, fmt.Sprintf("%d to %d characters", *n.MinLength, *n.MaxLength))
	case n.MinLength != nil && *n.MinLength == 1:
		extra = append(extra, "not empty")
	case n.MinLength != nil:
		extra = append(extra, fmt.Sprintf("at least %d characters", *n.MinLength))
	case n.MaxLength != nil:
		extra = append(extra, fmt.Sprintf("at most %d characters", *n.MaxLength))
	}
	switch {
	case n.MinItems != nil && n.MaxItems != nil:
		extra = append(extra, fmt.Sprintf("%d to %d items", *n.MinItems, *n.MaxItems))
	case n.MinItems != nil:
		extra = append(extra, fmt.Sprintf("at least %d items", *n.MinItems))
	case n.MaxItems != nil:
		extra = append(extra, fmt.Sprintf("at most %d items", *n.MaxItems))
	}
	if n.Pattern != "" {
		extra = append(extra, "matching `"+n.Pattern+"`")
	}
	if len(extra) > 0 {
		base += " (" + strings.Join(extra, ", ") + ")"
	}
	if len(n.Enum) > 0 {
		vals := make([]string, len(n.Enum))
		for i, v := range n.Enum {
			vals[i] = "`" + literal(v) + "`"
		}
		base += ": one of " + strings.Join(vals, ", ")
	}
	if n.Const != nil {
		base += ": always `" + literal(n.Const) + "`"
	}
	return base
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func literal(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
