package network

import (
	"net/netip"
	"testing"
)

func TestCoversAll(t *testing.T) {
	p := func(ss ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, netip.MustParsePrefix(s).Masked())
		}
		return out
	}
	for _, c := range []struct {
		target string
		set    []netip.Prefix
		want   bool
	}{
		{"0.0.0.0/0", p("0.0.0.0/0"), true},
		{"0.0.0.0/0", p("1.2.3.4/0"), true},
		{"0.0.0.0/0", p("0.0.0.0/1", "128.0.0.0/1"), true},
		{"0.0.0.0/0", p("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"), true},
		{"0.0.0.0/0", p("0.0.0.0/1", "128.0.0.0/2"), false},
		{"0.0.0.0/0", p("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/3", "::/0"), true},
		{"0.0.0.0/0", p("::/0", "10.0.0.0/8"), false},
		{"::/0", p("::/1", "8000::/1"), true},
		{"::/0", p("::/1", "8000::/2"), false},
		{"0.0.0.0/0", p("0.0.0.0/32"), false},
	} {
		if got := coversAll(netip.MustParsePrefix(c.target), c.set); got != c.want {
			t.Errorf("%s by %v: %v, want %v", c.target, c.set, got, c.want)
		}
	}
}
