package compute

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/keypairs"
	"github.com/gophercloud/gophercloud/v2/pagination"
	"golang.org/x/crypto/ssh"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/listing"
)

// Keypair is an SSH key known to Nova. A created keypair adds public_key,
// and private_key when we generated the pair (returned this once only).
type Keypair struct {
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
	Type        string `json:"type"`
}

type CreatedKeypair struct {
	Keypair
	PublicKey  string `json:"public_key"`
	PrivateKey string `json:"private_key,omitempty" jsonschema_description:"OpenSSH format; shown only now."`
}

type ListKeypairsArgs struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=1000" jsonschema_description:"Return at most this many; omit for all."`
	Marker string `json:"marker,omitempty" jsonschema_description:"Continue after this name (a previous next_marker)."`
}

type KeypairList struct {
	Keypairs   []Keypair `json:"keypairs"`
	NextMarker string    `json:"next_marker,omitempty"`
}

type CreateKeypairArgs struct {
	Name      string `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	PublicKey string `json:"public_key,omitempty" jsonschema_description:"OpenSSH public key to import; omit to generate an ed25519 pair."`
}

type DeleteKeypairArgs struct {
	Name string `json:"name" jsonschema:"required,minLength=1"`
}

type DeletedKeypair struct {
	Success bool   `json:"success"`
	Name    string `json:"name"`
}

// keypairPage follows Nova's keypairs_links (microversion 2.35), which
// gophercloud's single-page keypair pager ignores.
type keypairPage struct{ pagination.LinkedPageBase }

func (p keypairPage) NextPageURL() (string, error) {
	var s struct {
		Links []gophercloud.Link `json:"keypairs_links"`
	}
	if err := p.ExtractInto(&s); err != nil {
		return "", err
	}
	return gophercloud.ExtractNextURL(s.Links)
}

func (p keypairPage) IsEmpty() (bool, error) {
	ks, err := extractKeypairs(p)
	return len(ks) == 0, err
}

func extractKeypairs(p pagination.Page) ([]keypairs.KeyPair, error) {
	var s struct {
		Keypairs []struct {
			KeyPair keypairs.KeyPair `json:"keypair"`
		} `json:"keypairs"`
	}
	err := p.(keypairPage).ExtractInto(&s)
	out := make([]keypairs.KeyPair, len(s.Keypairs))
	for i, k := range s.Keypairs {
		out[i] = k.KeyPair
	}
	return out, err
}

func keypairView(k keypairs.KeyPair) Keypair {
	typ := k.Type
	if typ == "" {
		typ = "ssh" // before microversion 2.2 every keypair is ssh
	}
	return Keypair{Name: k.Name, Fingerprint: k.Fingerprint, Type: typ}
}

func listKeypairs(c *client.Cloud) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "list_keypairs", Title: "List keypairs", Effect: mcptool.Read,
		Description: "List the SSH keypairs of the user."},
		func(ctx context.Context, a ListKeypairsArgs) (KeypairList, error) {
			svc, err := c.Services(ctx)
			if err != nil {
				return KeypairList{}, err
			}
			q := url.Values{}
			pg := listing.Page{Limit: a.Limit, Marker: a.Marker}
			if n := pg.Ask(); n > 0 {
				q.Set("limit", strconv.Itoa(n))
			}
			if a.Marker != "" {
				q.Set("marker", a.Marker)
			}
			u := svc.Compute.ServiceURL("os-keypairs")
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			var out []Keypair
			pager := pagination.NewPager(svc.Compute, u, func(r pagination.PageResult) pagination.Page {
				return keypairPage{pagination.LinkedPageBase{PageResult: r}}
			})
			err = pager.EachPage(ctx, func(_ context.Context, p pagination.Page) (bool, error) {
				ks, err := extractKeypairs(p)
				for _, k := range ks {
					out = append(out, keypairView(k))
				}
				return a.Limit == 0 || len(out) <= a.Limit, err
			})
			if err != nil {
				return KeypairList{}, err
			}
			page, next := listing.Cut(pg, out, func(k Keypair) string { return k.Name })
			return KeypairList{Keypairs: nonNil(page), NextMarker: next}, nil
		})
}

func createKeypair(c *client.Cloud) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "create_keypair", Title: "Create a keypair", Effect: mcptool.Write,
		Description: "Import an SSH public key, or generate an ed25519 pair and return its private key once."},
		func(ctx context.Context, a CreateKeypairArgs) (CreatedKeypair, error) {
			public, private := strings.TrimSpace(a.PublicKey), ""
			if public != "" {
				if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(public)); err != nil {
					return CreatedKeypair{}, client.Errorf(client.CodeInvalidArgument,
						"public_key is not an OpenSSH public key (like \"ssh-ed25519 AAAA... comment\"): %v", err)
				}
			} else {
				var err error
				if public, private, err = generateKeypair(a.Name); err != nil {
					return CreatedKeypair{}, client.Errorf(client.CodeInternal, "generating a key: %v", err)
				}
			}
			svc, err := c.Services(ctx)
			if err != nil {
				return CreatedKeypair{}, err
			}
			// Always an import: Nova from microversion 2.92 no longer generates keys.
			k, err := client.CreateOnce(ctx, "keypair", a.Name,
				func(ctx context.Context) (*keypairs.KeyPair, error) {
					return keypairs.Create(ctx, svc.Compute, keypairs.CreateOpts{Name: a.Name, PublicKey: public}).Extract()
				},
				func(ctx context.Context, _ time.Time) (*keypairs.KeyPair, bool, error) {
					// Ours if it holds our public key.
					k, err := keypairs.Get(ctx, svc.Compute, url.PathEscape(a.Name), nil).Extract()
					switch {
					case client.Classify(err) != nil && client.Classify(err).Code == client.CodeNotFound:
						return nil, false, nil
					case err != nil:
						return nil, false, err
					}
					return k, k.PublicKey == public, nil
				})
			if err != nil {
				e := client.Classify(err)
				if e.Code == client.CodeConflict {
					e.Hint = "choose another name, or delete_keypair the old one first"
				}
				return CreatedKeypair{}, e
			}
			out := CreatedKeypair{Keypair: keypairView(*k), PublicKey: k.PublicKey, PrivateKey: private}
			if out.PublicKey == "" {
				out.PublicKey = public
			}
			return out, nil
		})
}

// generateKeypair makes an ed25519 pair: the public key as an authorized_keys
// line, the private key in OpenSSH's PEM format. Both carry name as comment.
func generateKeypair(name string) (public, private string, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return "", "", err
	}
	block, err := ssh.MarshalPrivateKey(priv, name)
	if err != nil {
		return "", "", err
	}
	public = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))) + " " + name
	return public, string(pem.EncodeToMemory(block)), nil
}

func deleteKeypair(c *client.Cloud) mcptool.Tool {
	return mcptool.New(mcptool.Def{Name: "delete_keypair", Title: "Delete a keypair", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteKeypair(),
		Description: "Delete an SSH keypair by name. Servers that use it keep the key."},
		func(ctx context.Context, a DeleteKeypairArgs) (DeletedKeypair, error) {
			svc, err := c.Services(ctx)
			if err != nil {
				return DeletedKeypair{}, err
			}
			// Look first: a DELETE is retried when its reply is lost, and the
			// retry's 404 must not hide that the first one worked.
			name := url.PathEscape(a.Name)
			if err := keypairs.Get(ctx, svc.Compute, name, nil).Err; err != nil {
				e := client.Classify(err)
				if e.Code == client.CodeNotFound {
					e.Hint = "list_keypairs shows the names"
				}
				return DeletedKeypair{}, e
			}
			err = keypairs.Delete(ctx, svc.Compute, name, nil).ExtractErr()
			if e := client.Classify(err); e != nil && e.Code != client.CodeNotFound {
				return DeletedKeypair{}, e
			}
			return DeletedKeypair{Success: true, Name: a.Name}, nil
		})
}
