package designate_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// TestDesignateRefusesWhatItWouldDrop: a zone's or record set's field the
// sandbox does not model, or a change of a record set's name or type, is a
// 501 naming it in Designate's error form, never a 2xx that ignored it;
// what is no JSON is Designate's 400.
func TestDesignateRefusesWhatItWouldDrop(t *testing.T) {
	a := sandboxtest.New(t)
	z := a.JSON("POST", "/dns/v2/zones", map[string]any{"name": "served.test.", "email": "hostmaster@served.test"}, 202)["id"].(string)
	rs := a.JSON("POST", "/dns/v2/zones/"+z+"/recordsets",
		map[string]any{"name": "www.served.test.", "type": "A", "records": []string{"192.0.2.10"}}, 202)["id"].(string)

	for _, c := range []struct {
		method, path string
		body         any
		status       int
		words        string
	}{
		{"PATCH", "/dns/v2/zones/" + z, map[string]any{"masters": []string{"192.0.2.1"}}, http.StatusNotImplemented,
			`"message":"the sandbox does not serve the field \"masters\" (PATCH /dns/v2/zones/{id})","request_id"`},
		{"POST", "/dns/v2/zones", map[string]any{"name": "gold.test.", "email": "h@gold.test", "attributes": map[string]string{"tier": "gold"}},
			http.StatusNotImplemented, `the field \"attributes\"`},
		{"PUT", "/dns/v2/zones/" + z + "/recordsets/" + rs, map[string]any{"type": "AAAA", "records": []string{"2001:db8::1"}},
			http.StatusNotImplemented, "a change of a record set's name or type"},
		{"PUT", "/dns/v2/zones/" + z + "/recordsets/" + rs, map[string]any{"name": "api.served.test."},
			http.StatusNotImplemented, "a change of a record set's name or type"},
		{"POST", "/dns/v2/zones", map[string]any{"name": "copy.test.", "email": "h@copy.test", "type": "SECONDARY"},
			http.StatusNotImplemented, "a zone of type SECONDARY"},
		{"POST", "/dns/v2/zones", "not an object", http.StatusBadRequest, `"type":"invalid_json"`},
	} {
		status, body, _ := a.Do(c.method, c.path, c.body)
		if status != c.status || !strings.Contains(string(body), c.words) || c.status == 501 && !strings.Contains(string(body), `"type":"not_implemented"`) {
			t.Errorf("%s %s %v: %d %s, want %d with %s", c.method, c.path, c.body, status, body, c.status, c.words)
		}
	}
	// The same name and type (in another case) change nothing they name.
	got := a.JSON("PUT", "/dns/v2/zones/"+z+"/recordsets/"+rs,
		map[string]any{"name": "WWW.served.test.", "type": "a", "records": []string{"192.0.2.11"}}, 202)
	if got["name"] != "www.served.test." || got["type"] != "A" {
		t.Errorf("a record set's update with its own name and type: %v", got)
	}
	if z := a.JSON("GET", "/dns/v2/zones/"+z, nil, 200); z["masters"] != nil && len(z["masters"].([]any)) != 0 {
		t.Errorf("the refused PATCH changed the zone's masters: %v", z["masters"])
	}
}
