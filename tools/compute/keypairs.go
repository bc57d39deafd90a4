package compute

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net/url"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/keypairs"
	"golang.org/x/crypto/ssh"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
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

type KeypairList struct {
	Keypairs []Keypair `json:"keypairs"`
	kit.More
}

type createKeypairArgs struct {
	Name      string `json:"name" jsonschema:"required,minLength=1,maxLength=255"`
	PublicKey string `json:"public_key,omitempty" jsonschema_description:"Omit to generate."`
}

type deleteKeypairArgs struct {
	Name string `json:"name" jsonschema:"required,minLength=1"`
}

type DeletedKeypair struct {
	Success bool   `json:"success"`
	Name    string `json:"name"`
}

// novaKeypair is an item of Nova's keypair list, {"keypair": {...}}.
type novaKeypair struct {
	Keypair struct {
		Name        string `json:"name"`
		Fingerprint string `json:"fingerprint"`
		Type        string `json:"type"`
	} `json:"keypair"`
}

func keypairView(k keypairs.KeyPair) Keypair {
	typ := k.Type
	if typ == "" {
		typ = "ssh" // before microversion 2.2 every keypair is ssh
	}
	return Keypair{Name: k.Name, Fingerprint: k.Fingerprint, Type: typ}
}

func listKeypairs() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "list_keypairs", Title: "List keypairs", Effect: mcptool.Read,
		Description: "List SSH keypairs (Nova's list has no created_at)."},
		func(ctx context.Context, svc *client.Services, a kit.Page) (KeypairList, error) {
			// Nova pages keypairs by name (keypairs_links, microversion 2.35).
			page, more, err := kit.Read(ctx, svc.Compute, svc.Compute.ServiceURL("os-keypairs"), "keypairs", a,
				func(k *novaKeypair) string { return k.Keypair.Name })
			if err != nil {
				return KeypairList{}, err
			}
			out := make([]Keypair, len(page))
			for i, k := range page {
				out[i] = keypairView(keypairs.KeyPair{Name: k.Keypair.Name, Fingerprint: k.Keypair.Fingerprint, Type: k.Keypair.Type})
			}
			return KeypairList{Keypairs: out, More: more}, nil
		})
}

func createKeypair() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_keypair", Title: "Create a keypair", Effect: mcptool.Write,
		Description: "Import or generate an SSH keypair (private key shown once)."},
		func(ctx context.Context, svc *client.Services, a createKeypairArgs) (CreatedKeypair, error) {
			public, private := strings.TrimSpace(a.PublicKey), ""
			if public != "" {
				if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(public)); err != nil {
					return CreatedKeypair{}, fault.Errorf(fault.CodeInvalidArgument,
						"public_key is not an OpenSSH public key (like \"ssh-ed25519 AAAA... comment\"): %v", err)
				}
			} else {
				var err error
				if public, private, err = generateKeypair(a.Name); err != nil {
					return CreatedKeypair{}, fault.Errorf(fault.CodeInternal, "generating a key: %v", err)
				}
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
					case fault.Classify(err) != nil && fault.Classify(err).Code == fault.CodeNotFound:
						return nil, false, nil
					case err != nil:
						return nil, false, err
					}
					return k, k.PublicKey == public, nil
				})
			if err != nil {
				e := fault.Classify(err)
				if e.Code == fault.CodeConflict {
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

func deleteKeypair() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_keypair", Title: "Delete a keypair", Effect: mcptool.Destructive, Idempotent: true, Ask: askDeleteKeypair(),
		Description: "Delete an SSH keypair."},
		func(ctx context.Context, svc *client.Services, a deleteKeypairArgs) (DeletedKeypair, error) {
			// Look first: a DELETE is retried when its reply is lost, and the
			// retry's 404 must not hide that the first one worked.
			name := url.PathEscape(a.Name)
			if err := findKeypair(ctx, svc, a.Name); err != nil {
				return DeletedKeypair{}, err
			}
			err := keypairs.Delete(ctx, svc.Compute, name, nil).ExtractErr()
			if e := fault.Classify(err); e != nil && e.Code != fault.CodeNotFound {
				return DeletedKeypair{}, e
			}
			return DeletedKeypair{Success: true, Name: a.Name}, nil
		})
}

// findKeypair checks that the keypair name exists, by that exact name: a
// not_found names the close ones (Nova says only "Invalid key_name
// provided." to a create). Nova's database compares names without case
// (a GET of DEMO answers demo): a name that differs in case is not taken
// for the one asked, so that DEMO never deletes demo unasked.
func findKeypair(ctx context.Context, svc *client.Services, name string) error {
	k, err := keypairs.Get(ctx, svc.Compute, url.PathEscape(name), nil).Extract()
	if err == nil && k.Name != name {
		return client.NotFound("keypair", name, []client.Candidate{{ID: k.Name, Name: k.Name}})
	}
	if e := fault.Classify(err); e == nil || e.Code != fault.CodeNotFound {
		return err
	}
	all, lerr := kit.All(ctx, keypairs.List(svc.Compute, nil), keypairs.ExtractKeyPairs)
	if lerr != nil {
		return err
	}
	cands := make([]client.Candidate, len(all))
	for i, k := range all {
		cands[i] = client.Candidate{ID: k.Name, Name: k.Name}
	}
	return client.NotFound("keypair", name, cands)
}
