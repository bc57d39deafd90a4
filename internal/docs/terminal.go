package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
)

// ToolHelp is one tool for a terminal ('tools NAME', 'call NAME --help'):
// what it does, how to call it, and one line per argument of its published
// input schema, the one tools/list and 'tools --json' give (name, type,
// required or optional, default, description). Arguments taken but not
// published (wait, timeout_seconds, limit) follow on one line: someone at a
// shell has not read the server's instructions, which say them once.
func ToolHelp(t mcptool.Tool) (string, error) {
	in, err := parseSchema(t.InputSchema)
	if err != nil {
		return "", fmt.Errorf("%s: input schema: %w", t.Def.Name, err)
	}
	full, err := parseSchema(t.FullInputSchema())
	if err != nil {
		return "", fmt.Errorf("%s: input schema: %w", t.Def.Name, err)
	}
	d := t.Def
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (%s", d.Name, effect(d))
	if d.Toolset != "" {
		fmt.Fprintf(&b, ", toolset %s", d.Toolset)
	}
	fmt.Fprintf(&b, "): %s\n", oneLine(d.Description))
	fmt.Fprintf(&b, "Usage: mcp-infomaniak call [flags] %s", d.Name)
	if len(in.Properties) > 0 {
		b.WriteString(" key=value ...")
	}
	b.WriteString("\n")
	if len(in.Properties) == 0 {
		b.WriteString("Arguments: none.\n")
		return b.String(), nil
	}
	b.WriteString("Arguments:\n")
	var rows bytes.Buffer
	tw := tabwriter.NewWriter(&rows, 0, 0, 2, ' ', 0)
	for _, a := range in.Properties {
		req := "optional"
		if in.required(a.Name) {
			req = "required"
		}
		def := ""
		if len(a.Schema.Default) > 0 {
			def = "default " + defaultValue(a.Schema.Default)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.Name, plain(a.Schema.typeString()), req, def, oneLine(a.Schema.Description))
	}
	if err := tw.Flush(); err != nil {
		return "", err
	}
	for _, line := range strings.SplitAfter(rows.String(), "\n") {
		b.WriteString(strings.TrimRight(line, " \n"))
		if line != "" {
			b.WriteString("\n")
		}
	}
	var also []string
	for _, a := range full.Properties {
		if !slices.ContainsFunc(in.Properties, func(p prop) bool { return p.Name == a.Name }) {
			s := a.Name + " (" + plain(a.Schema.typeString())
			if len(a.Schema.Default) > 0 {
				s += ", default " + defaultValue(a.Schema.Default)
			}
			also = append(also, s+")")
		}
	}
	if len(also) > 0 {
		fmt.Fprintf(&b, "  also: %s\n", strings.Join(also, ", "))
	}
	for _, a := range in.Properties {
		if line := objectFields(a); line != "" {
			b.WriteString(line)
		}
	}
	if refs := references(in.Properties); len(refs) > 0 {
		fmt.Fprintf(&b, "%s: an ID or the exact name (the list_* tools show them).\n", strings.Join(refs, ", "))
	}
	return b.String(), nil
}

// references are the arguments that name a resource of the cloud: the
// server's instructions say once that an ID or an exact name does, which a
// shell user has not read. Only a string (or a list of them) names one:
// create_load_balancer's floating_ip is a yes or no.
func references(args []prop) []string {
	var refs []string
	for _, a := range args {
		named := strings.HasSuffix(a.Name, "_id") ||
			slices.Contains([]string{"flavor", "image", "network", "key_name", "security_groups", "floating_ip"}, a.Name)
		if t := plain(a.Schema.typeString()); named && (t == "string" || t == "array of string") {
			refs = append(refs, a.Name)
		}
	}
	return refs
}

// defaultValue is a default as it is typed after key=: ingress, not "ingress".
func defaultValue(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(bytes.TrimSpace(raw))
	}
	return literal(v)
}

// plain is a Markdown type string for a terminal: no backquotes.
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// objectFields says what an argument that is an object, or a list of them,
// is made of, with an example a shell takes (the typed line shows only
// "array of object"), or "" for any other argument.
func objectFields(a prop) string {
	obj, each := a.Schema, false
	if obj.Items != nil && len(obj.Items.Properties) > 0 {
		obj, each = *obj.Items, true
	}
	if len(obj.Properties) == 0 {
		return ""
	}
	var fields, example []string // the example in the properties' order, required ones only
	for _, f := range obj.Properties {
		s := f.Name + " (" + plain(f.Schema.typeString())
		if obj.required(f.Name) {
			s += ", required"
			v, _ := json.Marshal(f.Schema.sample(f.Name))
			example = append(example, fmt.Sprintf("%q:%s", f.Name, v))
		}
		fields = append(fields, s+")")
	}
	what, js := "an object", "{"+strings.Join(example, ",")+"}"
	if each {
		what, js = "a list of objects", "["+js+"]"
	}
	return fmt.Sprintf("%s: %s with %s; as JSON, e.g. %s='%s'\n", a.Name, what, strings.Join(fields, ", "), a.Name, js)
}

// sample is a value the schema of the property name takes, for an example:
// its default, its first allowed value, its minimum, 80 for a port, or a
// placeholder of its type.
func (n node) sample(name string) any {
	var v any
	switch {
	case len(n.Default) > 0 && json.Unmarshal(n.Default, &v) == nil:
		return v
	case len(n.Enum) > 0:
		return n.Enum[0]
	case n.Minimum != nil:
		return *n.Minimum
	}
	switch t := n.types(); {
	case len(t) == 0:
		return "..."
	case t[0] == "integer" && strings.HasSuffix(name, "port"):
		return 80
	case t[0] == "integer" || t[0] == "number":
		return 1
	case t[0] == "boolean":
		return true
	case t[0] == "array":
		return []any{}
	}
	return "..."
}
