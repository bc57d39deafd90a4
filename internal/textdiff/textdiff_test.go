package textdiff

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	if d := Lines([]byte("a\nb\n"), []byte("a\nb\n")); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	got := Lines([]byte("{\n  \"a\": 1,\n  \"b\": 2\n}\n"), []byte("{\n  \"a\": 1,\n  \"b\": 3,\n  \"c\": 4\n}\n"))
	want := "at line 3:\n-   \"b\": 2\n+   \"b\": 3,\n+   \"c\": 4\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	long := strings.Repeat("x\n", 30)
	if d := Lines([]byte("start\n"), []byte(long)); !strings.Contains(d, "+ ... 18 more lines") || strings.Count(d, "\n") != 1+1+12+1 {
		t.Errorf("long difference not cut:\n%s", d)
	}
}
