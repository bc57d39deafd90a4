package server

import (
	"sync"
	"time"
)

// sessionActivity knows when each streamable HTTP session was last used,
// so that a server at --max-sessions ends the session idle longest, when
// it has been idle a tenth of --session-idle-ttl, to make room for a new
// one: one client cannot hold every session for the whole TTL. A session
// with a request in progress (a call, a GET stream) is not idle.
type sessionActivity struct {
	mu   sync.Mutex
	busy map[string]int       // requests in progress
	last map[string]time.Time // when the last one ended
}

func newSessionActivity() *sessionActivity {
	return &sessionActivity{busy: map[string]int{}, last: map[string]time.Time{}}
}

// begin marks a request of session id in progress until the returned func.
func (a *sessionActivity) begin(id string) (end func()) {
	a.mu.Lock()
	a.busy[id]++
	a.mu.Unlock()
	return func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.busy[id]--; a.busy[id] <= 0 {
			delete(a.busy, id)
		}
		a.last[id] = time.Now()
	}
}

// idlest returns the live session idle longest, if it is idle for min at
// least, and forgets it; it forgets the sessions that ended otherwise
// (DELETE, the idle sweep).
func (a *sessionActivity) idlest(min time.Duration, live func(string) bool) (string, time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var id string
	var since time.Time
	for s, t := range a.last {
		if !live(s) {
			delete(a.last, s)
			continue
		}
		if a.busy[s] == 0 && (id == "" || t.Before(since)) {
			id, since = s, t
		}
	}
	if id == "" || time.Since(since) < min {
		return "", 0
	}
	delete(a.last, id)
	return id, time.Since(since)
}

// isLive reports whether id was issued here and has not ended.
func (t *sessionTable) isLive(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.live[id]
	return ok
}

// reclaimIdleSession ends the session idle longest to make room, and
// reports whether it did.
func (t *httpTransport) reclaimIdleSession() bool {
	id, idle := t.activity.idlest(t.cfg.SessionIdleTTL/10, t.sessions.isLive)
	if id == "" {
		return false
	}
	_, _ = t.sessions.Terminate(id)
	t.log.Info("session reclaimed to make room", "idle", idle.Round(time.Second).String(), "max_sessions", t.cfg.MaxSessions)
	return true
}
