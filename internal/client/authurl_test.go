package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
)

// TestAuthURLUserinfoIsBasicAuth: the userinfo taken out of the auth URL
// still reaches the auth URL's host, as basic authentication, and the
// error that follows does not show it.
func TestAuthURLUserinfoIsBasicAuth(t *testing.T) {
	got := make(chan string, 10)
	ks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- r.Header.Get("Authorization"):
		default:
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(ks.Close)
	url := strings.Replace(ks.URL, "http://", "http://proxy-user:proxy-pass@", 1) + "/identity/v3"
	creds, err := config.ResolveCredentials("", "", func(k string) string {
		return map[string]string{"OS_AUTH_URL": url, "OS_USERNAME": "u", "OS_PASSWORD": "p", "OS_USER_DOMAIN_NAME": "Default"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Credentials: creds, RequestTimeout: 5 * time.Second})
	_, err = c.Services(context.Background(), Compute, Image, BlockStorage, Network)
	if err == nil || strings.Contains(err.Error(), "proxy-pass") || strings.Contains(err.Error(), "proxy-user") {
		t.Errorf("error %v: want one without the userinfo", err)
	}
	select {
	case h := <-got:
		if h != "Basic cHJveHktdXNlcjpwcm94eS1wYXNz" {
			t.Errorf("Authorization %q, want the userinfo as basic authentication", h)
		}
	default:
		t.Error("the auth URL was never asked")
	}
}
