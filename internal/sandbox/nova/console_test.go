package nova_test

import (
	"strings"
	"testing"
	"time"
)

func TestConsoleOutput(t *testing.T) {
	a := newAPI(t)
	a.JSON("POST", "/compute/v2.1/os-keypairs", map[string]any{"keypair": map[string]any{"name": "me"}}, 201)
	srv := a.CreateServer("web-1", "Ubuntu 24.04 LTS Noble Numbat", "private", map[string]any{"key_name": "me"})
	console := func(length any) (int, []byte) {
		status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"os-getConsoleOutput": map[string]any{"length": length}})
		return status, b
	}
	if status, b := console(nil); status != 409 {
		t.Errorf("console of a server being built: %d %s", status, b)
	}
	a.Clock.Advance(4 * time.Second)
	out := a.JSON("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"os-getConsoleOutput": map[string]any{}}, 200)["output"].(string)
	for _, want := range []string{"Authorized keys from /home/ubuntu/.ssh/authorized_keys", "BEGIN SSH HOST KEY FINGERPRINTS", "web-1 login:", "10.0.0."} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
	tail := a.JSON("POST", "/compute/v2.1/servers/"+srv+"/action", map[string]any{"os-getConsoleOutput": map[string]any{"length": "3"}}, 200)["output"].(string)
	if lines := strings.Split(tail, "\n"); len(lines) != 3 || lines[2] != "web-1 login: " {
		t.Errorf("last 3 lines: %q", lines)
	}
	if status, b := console("many"); status != 400 {
		t.Errorf("length many: %d %s", status, b)
	}
}
