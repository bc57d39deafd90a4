package compute_test

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/servertest"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/compute"
)

const samplePublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHpcYDlpvEARu2JcxEdFobudypZl/Z7MEn+pkackgFIP e2e@example"

func TestCreateKeypairGenerates(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	k := servertest.CallAs[compute.CreatedKeypair](t, h, "create_keypair", map[string]any{"name": "laptop"})
	if k.Name != "laptop" || k.Type != "ssh" || !strings.HasPrefix(k.PublicKey, "ssh-ed25519 ") || k.Fingerprint == "" {
		t.Fatalf("keypair = %+v", k)
	}
	if !strings.HasPrefix(k.PrivateKey, "-----BEGIN OPENSSH PRIVATE KEY-----") {
		t.Fatalf("private key is not OpenSSH: %.40q", k.PrivateKey)
	}
	signer, err := ssh.ParsePrivateKey([]byte(k.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if string(signer.PublicKey().Marshal()) != string(pub.Marshal()) {
		t.Fatal("the private key does not match the imported public key")
	}
	if ssh.FingerprintLegacyMD5(pub) != k.Fingerprint {
		t.Errorf("fingerprint %s, want %s", k.Fingerprint, ssh.FingerprintLegacyMD5(pub))
	}
	// Nova was asked to import, never to generate.
	l := servertest.CallAs[compute.KeypairList](t, h, "list_keypairs", nil)
	if len(l.Keypairs) != 1 || l.Keypairs[0] != k.Keypair {
		t.Fatalf("list = %+v", l)
	}
}

func TestCreateKeypairImports(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	var k compute.CreatedKeypair
	r := h.Call(t, "create_keypair", map[string]any{"name": "sample-key", "public_key": samplePublicKey}).MustSucceed(t)
	r.Decode(t, &k)
	if k.PublicKey != samplePublicKey || k.Fingerprint != "7c:1e:45:09:e8:17:a8:a9:30:0e:2c:ef:f0:27:f0:20" || k.PrivateKey != "" {
		t.Fatalf("import = %+v", k)
	}
	if strings.Contains(string(r.Structured), "private_key") {
		t.Errorf("an import has no private_key key: %s", r.Structured)
	}
	h.Call(t, "create_keypair", map[string]any{"name": "sample-key", "public_key": samplePublicKey}).WantError(t,
		"conflict", "Key pair 'sample-key' already exists.", "delete_keypair")
	h.Call(t, "create_keypair", map[string]any{"name": "sample-key"}).WantError(t, "conflict")
	h.Call(t, "create_keypair", map[string]any{"name": "x", "public_key": "ssh-ed25519 AAAA"}).WantError(t,
		"invalid_argument", "not an OpenSSH public key")
	h.Call(t, "create_keypair", map[string]any{"name": "bad/name", "public_key": samplePublicKey}).WantError(t,
		"invalid_argument", "Only expected characters")
	h.Call(t, "create_keypair", map[string]any{}).WantError(t, "invalid_argument", `"name"`)
}

func TestListKeypairsPages(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, n := range []string{"c", "a", "b"} {
		h.Call(t, "create_keypair", map[string]any{"name": n, "public_key": samplePublicKey}).MustSucceed(t)
	}
	p := servertest.CallAs[compute.KeypairList](t, h, "list_keypairs", map[string]any{"limit": 2})
	if len(p.Keypairs) != 2 || p.Keypairs[0].Name != "a" || p.NextMarker != "b" {
		t.Fatalf("first page = %+v", p)
	}
	last := servertest.CallAs[compute.KeypairList](t, h, "list_keypairs", map[string]any{"limit": 2, "marker": p.NextMarker})
	if len(last.Keypairs) != 1 || last.Keypairs[0].Name != "c" || last.NextMarker != "" {
		t.Fatalf("last page = %+v", last)
	}
}

func TestDeleteKeypair(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_keypair", map[string]any{"name": "old key", "public_key": samplePublicKey}).MustSucceed(t)
	d := servertest.CallAs[compute.DeletedKeypair](t, h, "delete_keypair", map[string]any{"name": "old key"})
	if !d.Success || d.Name != "old key" {
		t.Fatalf("delete = %+v", d)
	}
	h.Call(t, "delete_keypair", map[string]any{"name": "old key"}).WantError(t, "not_found", `no keypair with ID or name "old key"`, "list_keypairs")
	l := servertest.CallAs[compute.KeypairList](t, h, "list_keypairs", nil)
	if l.Keypairs == nil || len(l.Keypairs) != 0 {
		t.Fatalf("list = %+v", l)
	}
}

// A keypair or a server named almost right is not_found with the close names.
func TestNotFoundNamesTheCloseOnes(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	h.Call(t, "create_keypair", map[string]any{"name": "laptop-key", "public_key": samplePublicKey}).MustSucceed(t)
	h.Call(t, "delete_keypair", map[string]any{"name": "Laptop"}).WantError(t, "not_found", `close names: "laptop-key"`)
	// Nova finds a name in any case; a name that differs in case is not
	// taken for the one asked.
	h.Call(t, "delete_keypair", map[string]any{"name": "LAPTOP-KEY"}).WantError(t, "not_found", `close names: "laptop-key"`)
	if l := servertest.CallAs[compute.KeypairList](t, h, "list_keypairs", nil); len(l.Keypairs) != 1 {
		t.Fatalf("after a delete in the wrong case: %+v", l)
	}
	h.Call(t, "create_instance", map[string]any{"name": "x", "flavor": flavorName, "image": imageName,
		"network": "private", "key_name": "laptop_key"}).WantError(t, "not_found", `close names: "laptop-key"`)
	create(t, h, "web-1", nil)
	h.Call(t, "get_instance", map[string]any{"instance_id": "web"}).WantError(t, "not_found", `close names: "web-1"; list_instances`)
	h.Call(t, "get_image", map[string]any{"image_id": "rocky"}).WantError(t, "not_found", `close names: "Rocky Linux 9"`)
	h.Call(t, "create_instance", map[string]any{"name": "x", "flavor": flavorName, "image": imageName,
		"network": "privat"}).WantError(t, "not_found", `close names: "private"`)
}
