package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/accounts"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/objects"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// maxTempURL is the longest a link lasts: a week.
const maxTempURL = 7 * 24 * time.Hour

type createTempURLArgs struct {
	objectRef
	Method           string `json:"method,omitempty" jsonschema:"enum=GET,enum=PUT,default=GET" jsonschema_description:"GET to read the object, PUT to let someone upload it"`
	ExpiresInSeconds int    `json:"expires_in_seconds,omitempty" jsonschema:"minimum=1,maximum=604800,default=3600"`
}

// TempURL is a link that expires.
type TempURL struct {
	URL       string `json:"url"`
	Method    string `json:"method"`
	ExpiresAt string `json:"expires_at"`
	// KeySet says the account had no temp URL key and the tool set one.
	KeySet bool   `json:"key_set,omitempty" jsonschema_description:"the account had no temp URL key: one was set"`
	Note   string `json:"note,omitempty"`
}

// tempURL signs a link to the object for method, valid for ttl, setting
// the account's temp URL key first when it has none and setKey allows
// (otherwise an account without a key has no link: ok is false).
func tempURL(ctx context.Context, s *client.Services, container, name, method string, ttl time.Duration, setKey bool) (link TempURL, ok bool, err error) {
	acct, err := accounts.Get(ctx, s.ObjectStore, nil).Extract()
	if err != nil {
		return TempURL{}, false, err
	}
	key, set := acct.TempURLKey, false
	if key == "" && !setKey {
		return TempURL{}, false, nil
	}
	if key == "" {
		var b [32]byte
		_, _ = rand.Read(b[:])
		key = hex.EncodeToString(b[:])
		if err := accounts.Update(ctx, s.ObjectStore, accounts.UpdateOpts{TempURLKey: key}).Err; err != nil {
			return TempURL{}, false, err
		}
		set = true
	}
	now := time.Now()
	u, err := objects.CreateTempURL(ctx, s.ObjectStore, container, name, objects.CreateTempURLOpts{
		Method: objects.HTTPMethod(method), TTL: int(ttl / time.Second), Timestamp: now, TempURLKey: key, Digest: "sha256"})
	if err != nil {
		return TempURL{}, false, err
	}
	out := TempURL{URL: u, Method: method, ExpiresAt: kit.Time(now.Add(ttl).Truncate(time.Second)), KeySet: set}
	if set {
		out.Note = "the account had no temp URL key: one was set (X-Account-Meta-Temp-URL-Key); links signed with it work until it changes"
	}
	return out, true, nil
}

func createTempURL() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_temp_url", Title: "Create a link that expires", Effect: mcptool.Write,
		Description: "Make a link that lets anyone GET (or PUT) one object until it expires (at most 7 days). " +
			"Sets the account's temp URL key when it has none, and says so. Returns the new link {url, method, expires_at}."},
		func(ctx context.Context, s *client.Services, a createTempURLArgs) (TempURL, error) {
			if a.Method == "" {
				a.Method = "GET"
			}
			ttl := time.Duration(a.ExpiresInSeconds) * time.Second
			if a.ExpiresInSeconds == 0 {
				ttl = time.Hour
			}
			if ttl > maxTempURL {
				return TempURL{}, fault.Errorf(fault.CodeInvalidArgument, "a link lasts at most 7 days (604800 seconds)").
					WithHint("ask for expires_in_seconds of 604800 or less")
			}
			if err := a.check(); err != nil {
				return TempURL{}, err
			}
			if a.Method == "GET" {
				if _, err := headObject(ctx, s, a.objectRef); err != nil {
					return TempURL{}, err
				}
			} else if _, err := containers.Get(ctx, s.ObjectStore, a.Container, nil).Extract(); err != nil {
				return TempURL{}, notFound(err, "container "+a.Container, "create it first (create_container)")
			}
			link, _, err := tempURL(ctx, s, a.Container, a.Name, a.Method, ttl, true)
			return link, err
		})
}
