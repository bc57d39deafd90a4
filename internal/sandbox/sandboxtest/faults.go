package sandboxtest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// faultIDs are what varies between the lab's and the sandbox's faults: IDs
// and addresses; the words must not.
var faultIDs = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\d+\.\d+\.\d+\.\d+`)

// NormalizeFault is a fault's body, compacted when it is JSON, with its IDs
// and addresses replaced.
func NormalizeFault(body string) string {
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		b, _ := json.Marshal(v)
		body = string(b)
	}
	return faultIDs.ReplaceAllString(body, "<x>")
}

// FaultCase is a request the lab refused, and the sample of its refusal.
type FaultCase struct {
	Sample       string
	Method, Path string
	Body         any
}

// RefusesAsLab sends c's request and compares the sandbox's refusal with
// the lab's, IDs and addresses aside.
func (a *API) RefusesAsLab(c FaultCase) {
	a.T.Helper()
	wantStatus, wantBody := SampleFault(a.T, c.Sample)
	status, got, _ := a.Do(c.Method, c.Path, c.Body)
	if status != wantStatus || NormalizeFault(string(got)) != NormalizeFault(wantBody) {
		a.T.Errorf("%s: the sandbox answered %d %s\nthe lab: %d %s", c.Sample, status, got, wantStatus, wantBody)
	}
}

// SampleFault reads the fault of a .txt sample: the body, then the status.
func SampleFault(t *testing.T, name string) (int, string) {
	t.Helper()
	body, status, _ := strings.Cut(strings.TrimSpace(string(SampleBytes(t, name))), "\n")
	var code int
	if err := json.Unmarshal([]byte(status), &code); err != nil {
		t.Fatalf("%s: status %q", name, status)
	}
	return code, body
}

// SampleAnswer reads a .txt sample: the body (maybe empty), then the
// status on the last line.
func SampleAnswer(t *testing.T, name string) (int, string) {
	t.Helper()
	text := strings.TrimRight(string(SampleBytes(t, name)), "\n")
	body, status := "", text
	if i := strings.LastIndex(text, "\n"); i >= 0 {
		body, status = strings.TrimSpace(text[:i]), text[i+1:]
	}
	code, err := strconv.Atoi(status)
	if err != nil {
		t.Fatalf("%s: status %q", name, status)
	}
	return code, body
}

// WantFault checks a fault in the form of Nova and Cinder:
// {"<key>": {"code": code, "message": "... msg ..."}}.
func WantFault(t *testing.T, b []byte, key string, code int, msg string) {
	t.Helper()
	var m map[string]map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m[key] == nil || m[key]["code"] != float64(code) || !strings.Contains(m[key]["message"].(string), msg) {
		t.Fatalf("want %s %d %q, got %s", key, code, msg, b)
	}
}

// NeutronFaultIs checks a Neutron error body: its type and message.
func NeutronFaultIs(t *testing.T, b []byte, typ, msg string) {
	t.Helper()
	var m struct {
		E struct{ Type, Message string } `json:"NeutronError"`
	}
	if err := json.Unmarshal(b, &m); err != nil || m.E.Type != typ || m.E.Message != msg {
		t.Errorf("Neutron fault %s\nwant %s: %s", b, typ, msg)
	}
}
