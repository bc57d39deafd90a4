package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
)

// sessionTable is the streamable HTTP transport's session ID manager: it
// issues unguessable IDs, knows which are live (so the server can cap them
// and refuse made-up ones) and forgets them on DELETE or when mcp-go's idle
// sweeper ends them.
type sessionTable struct {
	mu   sync.Mutex
	live map[string]struct{}
}

func newSessionTable() *sessionTable { return &sessionTable{live: map[string]struct{}{}} }

const sessionPrefix = "mcp-session-"

var errUnknownSession = errors.New("unknown or expired session")

// Generate issues a new session ID (mcp-go calls it for initialize).
func (t *sessionTable) Generate() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := sessionPrefix + hex.EncodeToString(b)
	t.mu.Lock()
	t.live[id] = struct{}{}
	t.mu.Unlock()
	return id
}

// Validate accepts live sessions only; mcp-go answers 404 otherwise, which
// tells a client to initialize again.
func (t *sessionTable) Validate(id string) (bool, error) {
	if !t.known(id) {
		return false, errUnknownSession
	}
	return false, nil
}

// Terminate forgets id (DELETE, idle sweep, shutdown).
func (t *sessionTable) Terminate(id string) (bool, error) {
	t.mu.Lock()
	delete(t.live, id)
	t.mu.Unlock()
	return false, nil
}

func (t *sessionTable) known(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.live[id]
	return ok
}

// Len is the number of live sessions.
func (t *sessionTable) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.live)
}
