package nova

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova keypairs of the sandbox's one user: list (limit/marker from 2.35),
// show, import, generate (Nova below 2.92 generates an RSA pair when no
// public key is given), delete; as in nova-keypair*.json.
func (s *api) routeKeypairs(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/os-keypairs", s.Authed(s.listKeypairs))
	mux.HandleFunc("POST /compute/v2.1/os-keypairs", s.Authed(s.createKeypair))
	mux.HandleFunc("GET /compute/v2.1/os-keypairs/{name}", s.Authed(s.getKeypair))
	mux.HandleFunc("DELETE /compute/v2.1/os-keypairs/{name}", s.Authed(s.deleteKeypair))
}

func (s *api) keypairJSON(k *keypair, mv string) map[string]any {
	m := map[string]any{"name": k.Name, "public_key": k.PublicKey, "fingerprint": k.Fingerprint}
	if core.VersionLE("2.2", mv) {
		m["type"] = k.Type
	}
	return m
}

func (s *api) listKeypairs(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	paged := core.VersionLE("2.35", mv) // before 2.35 Nova ignores limit and marker
	s.Mu.Lock()
	all := append([]*keypair(nil), s.db.compute.keypairs...)
	s.Mu.Unlock()
	// Nova sorts by name in MySQL's collation: "a", "B", "_"
	// (nova-keypairs-case.json).
	sort.Slice(all, func(i, j int) bool { return core.SQLKey(all[i].Name) < core.SQLKey(all[j].Name) })
	full := false
	if paged {
		rest := func(marker string) ([]*keypair, bool) {
			i := slices.IndexFunc(all, func(k *keypair) bool { return core.SQLEqual(k.Name, marker) })
			if i < 0 {
				core.Fault(w, http.StatusBadRequest, "Marker %s could not be found.", marker)
				return nil, false
			}
			return all[i+1:], true
		}
		if all, full, ok = novaPage(w, r, all, rest); !ok {
			return
		}
	}
	out := make([]map[string]any, len(all))
	for i, k := range all {
		out[i] = map[string]any{"keypair": s.keypairJSON(k, mv)}
	}
	body := map[string]any{"keypairs": out}
	if full {
		body["keypairs_links"] = core.NextLink(r, all[len(all)-1].Name)
	}
	core.WriteJSON(w, http.StatusOK, body)
}

func (s *api) getKeypair(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	name := r.PathValue("name")
	s.Mu.Lock()
	k := s.db.compute.keypairByName(name)
	s.Mu.Unlock()
	if k == nil {
		core.Fault(w, http.StatusNotFound, "Keypair %s not found for user %s", name, s.UserID())
		return
	}
	m := s.keypairJSON(k, mv)
	m["user_id"], m["created_at"] = s.UserID(), k.Created.UTC().Format("2006-01-02T15:04:05.000000")
	m["deleted"], m["deleted_at"], m["updated_at"], m["id"] = false, nil, nil, 1
	core.WriteJSON(w, http.StatusOK, map[string]any{"keypair": m})
}

func (s *api) createKeypair(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	var req struct {
		Keypair *struct {
			Name      *string `json:"name"`
			PublicKey *string `json:"public_key"`
			Type      *string `json:"type"`
			UserID    *string `json:"user_id"`
		} `json:"keypair"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Keypair == nil || req.Keypair.Name == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute keypair. Value: {...}. 'name' is a required property")
		return
	}
	kr := req.Keypair
	name := *kr.Name
	if msg := novaNameFault(name); msg != "" {
		core.Fault(w, http.StatusBadRequest, "%s", msg)
		return
	}
	if kr.PublicKey == nil && core.VersionLE("2.92", mv) {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute keypair. Value: {...}. 'public_key' is a required property")
		return
	}
	chars := keypairNameChars
	if core.VersionLE("2.92", mv) {
		chars += "@."
	}
	if strings.Trim(name, chars) != "" {
		core.Fault(w, http.StatusBadRequest, "An invalid 'name' value was provided. The name must be: Only expected characters: [%s]", chars)
		return
	}
	typ := "ssh"
	if kr.Type != nil {
		typ = *kr.Type
	}
	if typ != "ssh" {
		core.NotServed(w, r, "keypairs of type %s (ssh only)", typ)
		return
	}
	k := &keypair{Name: name, Type: typ, Created: s.Now()}
	private := ""
	if kr.PublicKey != nil {
		// Nova stores the key as given and fingerprints its blob.
		fp, err := sshFingerprint(*kr.PublicKey)
		if err != nil {
			core.Fault(w, http.StatusBadRequest, "Keypair data is invalid: failed to generate fingerprint")
			return
		}
		k.PublicKey, k.Fingerprint = *kr.PublicKey, fp
	} else {
		// Nova before 2.92 generates the pair (from 2.92 it refuses; the
		// sandbox serves up to computeMax, below that).
		pub, priv, err := generateRSA()
		if err != nil {
			core.Fault(w, http.StatusInternalServerError, "Unexpected API Error: %v", err)
			return
		}
		fp, _ := sshFingerprint(pub)
		k.PublicKey, k.Fingerprint, private = pub, fp, priv
	}
	s.Mu.Lock()
	if s.db.compute.keypairByName(name) != nil {
		s.Mu.Unlock()
		core.Fault(w, http.StatusConflict, "Key pair '%s' already exists.", name)
		return
	}
	s.db.compute.keypairs = append(s.db.compute.keypairs, k)
	s.Mu.Unlock()
	m := s.keypairJSON(k, mv)
	m["user_id"] = s.UserID()
	if private != "" {
		m["private_key"] = private
	}
	status := http.StatusOK
	if core.VersionLE("2.2", mv) {
		status = http.StatusCreated
	}
	core.WriteJSON(w, status, map[string]any{"keypair": m})
}

func (s *api) deleteKeypair(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	name := r.PathValue("name")
	s.Mu.Lock()
	c := &s.db.compute
	i := slices.IndexFunc(c.keypairs, func(k *keypair) bool { return core.SQLEqual(k.Name, name) })
	if i < 0 {
		s.Mu.Unlock()
		core.Fault(w, http.StatusNotFound, "Keypair %s not found for user %s", name, s.UserID())
		return
	}
	c.keypairs = append(c.keypairs[:i], c.keypairs[i+1:]...)
	s.Mu.Unlock()
	if core.VersionLE("2.2", mv) {
		w.WriteHeader(http.StatusNoContent)
	} else {
		w.WriteHeader(http.StatusAccepted)
	}
}

// sshKeyTypes are the OpenSSH public key types Nova accepts.
var sshKeyTypes = []string{"ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"}

// sshFingerprint checks an OpenSSH public key line ("type base64 [comment]")
// and returns its MD5 fingerprint, as Nova shows it (aa:bb:...).
func sshFingerprint(line string) (string, error) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return "", fmt.Errorf("not an OpenSSH public key")
	}
	blob, err := base64.StdEncoding.DecodeString(f[1])
	if err != nil || len(blob) < 4 {
		return "", fmt.Errorf("bad key data")
	}
	n := binary.BigEndian.Uint32(blob)
	if int(n) > len(blob)-4 || string(blob[4:4+n]) != f[0] {
		return "", fmt.Errorf("key type mismatch")
	}
	found := false
	for _, t := range sshKeyTypes {
		found = found || t == f[0]
	}
	if !found {
		return "", fmt.Errorf("unknown key type %s", f[0])
	}
	sum := md5.Sum(blob)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return strings.Join(parts, ":"), nil
}

// generateRSA makes an RSA pair as Nova's generator does: the public key
// in OpenSSH format, the private key in PEM.
func generateRSA() (public, private string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", "", err
	}
	var blob []byte
	putString := func(b []byte) {
		blob = binary.BigEndian.AppendUint32(blob, uint32(len(b)))
		blob = append(blob, b...)
	}
	mpint := func(n *big.Int) []byte {
		b := n.Bytes()
		if len(b) > 0 && b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	putString([]byte("ssh-rsa"))
	putString(mpint(big.NewInt(int64(key.E))))
	putString(mpint(key.N))
	public = "ssh-rsa " + base64.StdEncoding.EncodeToString(blob) + " Generated-by-Nova"
	private = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	return public, private, nil
}
