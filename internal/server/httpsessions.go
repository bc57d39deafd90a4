package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server/mcpgofix"
)

// sessionTable is the streamable HTTP transport's session ID manager for
// the 2025-era protocols (2026-07-28 has no sessions). A session ID is
// signed with a key every replica of a deployment derives from the same
// bearer token, and carries what the client declared at initialize that a
// tool call needs later (elicitation): so any replica accepts a session
// another one issued, and knows as much about its client, with nothing
// shared between them but the token. Made-up IDs are refused (404, which
// tells a client to initialize again).
//
// An ID has one spelling (base64 without padding, its spare bits zero: the
// other spellings of the same bytes are refused), carries when it was
// issued, and expires --session-max-age after that on every replica.
//
// What stays per replica: the --max-sessions cap counts the sessions this
// replica issued and has not seen end; an ID ended here (DELETE, or the
// idle sweep of a session unused here for --session-idle-ttl) is refused
// here until it expires, while another replica that did not see the end,
// or this one after a restart, accepts it until then.
type sessionTable struct {
	key        []byte
	confirmKey []byte // signs the state of confirmation questions (mcptool), same on every replica
	maxAge     time.Duration
	now        func() time.Time

	mu    sync.Mutex
	live  map[string]struct{}  // issued here and not ended: what the cap counts
	ended map[string]time.Time // payloads ended here, refused here until they expire (the time)
}

const (
	sessionPrefix   = "mcp-session-"
	sessionVersion  = 2 // 1 had no issue time
	sessionMACBytes = 16
	// the payload: version, flags, issue time (Unix seconds, big-endian), 16 random bytes
	sessionPayloadBytes = 2 + 8 + 16
	sessionClockSkew    = time.Minute // an ID issued this far in the future (another replica's clock) is accepted
)

// sessionEncoding is the one spelling of an ID's parts: Strict refuses a
// last character whose spare bits are not zero, which would otherwise
// decode to the same bytes as the canonical one.
var sessionEncoding = base64.RawURLEncoding.Strict()

// sessionFlags are what a session ID says about its client.
type sessionFlags byte

const flagElicitation sessionFlags = 1 // the client declared the elicitation capability

var errUnknownSession = errors.New("unknown or expired session")

// newSessionTable signs with a key derived from the bearer token, so that
// replicas sharing a token accept each other's sessions; without a token
// (--no-auth, loopback only) the key is random: one replica.
func newSessionTable(token string, maxAge time.Duration) *sessionTable {
	derive := func(label string) []byte {
		if token == "" {
			k := make([]byte, 32)
			_, _ = rand.Read(k)
			return k
		}
		m := hmac.New(sha256.New, []byte(token))
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	if maxAge <= 0 {
		maxAge = config.DefaultSessionMaxAge
	}
	return &sessionTable{key: derive("mcp-infomaniak session ids v1"), confirmKey: derive("mcp-infomaniak confirmation states v1"),
		maxAge: maxAge, now: time.Now, live: map[string]struct{}{}, ended: map[string]time.Time{}}
}

func (t *sessionTable) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write(payload)
	return m.Sum(nil)[:sessionMACBytes]
}

// issue makes a new signed ID with flags and counts it live.
func (t *sessionTable) issue(flags sessionFlags) string {
	payload := make([]byte, sessionPayloadBytes)
	payload[0], payload[1] = sessionVersion, byte(flags)
	binary.BigEndian.PutUint64(payload[2:10], uint64(t.now().Unix()))
	_, _ = rand.Read(payload[10:])
	id := sessionPrefix + sessionEncoding.EncodeToString(payload) + "." + sessionEncoding.EncodeToString(t.mac(payload))
	t.mu.Lock()
	t.live[id] = struct{}{}
	t.mu.Unlock()
	return id
}

// parse checks id's spelling, signature and age, and returns its flags.
func (t *sessionTable) parse(id string) (sessionFlags, bool) {
	payload, ok := t.payload(id)
	if !ok {
		return 0, false
	}
	return sessionFlags(payload[1]), true
}

// payload is the signed bytes of id while it is valid: what it says, and
// what identifies it however it is spelt.
func (t *sessionTable) payload(id string) ([]byte, bool) {
	rest, ok := strings.CutPrefix(id, sessionPrefix)
	if !ok {
		return nil, false
	}
	p, m, ok := strings.Cut(rest, ".")
	if !ok {
		return nil, false
	}
	payload, err1 := sessionEncoding.DecodeString(p)
	mac, err2 := sessionEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || len(payload) != sessionPayloadBytes || payload[0] != sessionVersion || !hmac.Equal(mac, t.mac(payload)) {
		return nil, false
	}
	if age := t.now().Sub(t.issued(payload)); age > t.maxAge || age < -sessionClockSkew {
		return nil, false
	}
	return payload, true
}

// issued is when the ID of payload was issued.
func (t *sessionTable) issued(payload []byte) time.Time {
	return time.Unix(int64(binary.BigEndian.Uint64(payload[2:10])), 0)
}

// Generate issues an ID without flags (a GET stream mcp-go opens itself).
func (t *sessionTable) Generate() string { return t.issue(0) }

// Validate accepts a validly signed ID not ended here.
func (t *sessionTable) Validate(id string) (bool, error) {
	if !t.known(id) {
		return false, errUnknownSession
	}
	return false, nil
}

// Terminate ends id here (DELETE, idle sweep, shutdown): its payload is
// refused here until it expires, whatever its spelling.
func (t *sessionTable) Terminate(id string) (bool, error) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.live, id)
	if payload, ok := t.payload(id); ok {
		t.ended[string(payload)] = t.issued(payload).Add(t.maxAge)
	}
	for k, expires := range t.ended {
		if now.After(expires) {
			delete(t.ended, k)
		}
	}
	return false, nil
}

func (t *sessionTable) known(id string) bool {
	payload, ok := t.payload(id)
	if !ok {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ended := t.ended[string(payload)]
	return !ended
}

// Len is the number of sessions issued here and live.
func (t *sessionTable) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.live)
}

// initializeCapsKey carries the capabilities an initialize request
// declares, from the body the transport read to mcp-go's Generate call.
type initializeCapsKey struct{}

// withInitializeCaps notes the client capabilities of body on ctx when it
// is an initialize request.
func withInitializeCaps(ctx context.Context, body []byte) context.Context {
	var m struct {
		Method string `json:"method"`
		Params struct {
			Capabilities mcp.ClientCapabilities `json:"capabilities"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &m) != nil || m.Method != string(mcp.MethodInitialize) {
		return ctx
	}
	return context.WithValue(ctx, initializeCapsKey{}, m.Params.Capabilities)
}

// ResolveSessionIdManager gives mcp-go, for an initialize, a manager whose
// Generate signs what the client declared into the new ID.
func (t *sessionTable) ResolveSessionIdManager(r *http.Request) server.SessionIdManager {
	if r == nil {
		return t
	}
	caps, ok := r.Context().Value(initializeCapsKey{}).(mcp.ClientCapabilities)
	if !ok {
		return t
	}
	var flags sessionFlags
	if caps.Elicitation != nil {
		flags |= flagElicitation
	}
	return issuer{t, flags}
}

// issuer is the table issuing IDs with the flags of one initialize.
type issuer struct {
	*sessionTable
	flags sessionFlags
}

func (i issuer) Generate() string { return i.issue(i.flags) }

// adoptSession is the streamable HTTP context function: a 2025-era request
// whose session another replica started is initialized with what its
// signed ID says the client declared (mcpgofix.Adopt).
func (t *sessionTable) adoptSession(ctx context.Context, r *http.Request) context.Context {
	id := r.Header.Get(server.HeaderKeySessionID)
	if id == "" {
		return ctx
	}
	flags, ok := t.parse(id)
	if !ok {
		return ctx
	}
	mcpgofix.Adopt(ctx, flags&flagElicitation != 0)
	return ctx
}
