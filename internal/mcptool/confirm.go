package mcptool

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// Confirmation by a person. A call that destroys something (a Destructive
// tool, or a Write tool whose DestructiveWhen holds) is first put to the
// user when the client can ask them (it declared the elicitation
// capability): the question says what will be lost, and the call runs only
// on accept; decline or cancel end it with a `cancelled` result and nothing
// done. The handler asks the 2026-07-28 way, with an input_required result
// the client answers by retrying the call; a client of the older protocols
// is asked with elicitation/create on the call's stream (askOnStream), the
// wait bounded.
//
// The answer is trusted as the user's: the server cannot tell a person's
// accept from a client's. What it does ensure: it asks only a client that
// declared it can, an answer counts only with the signed state of the
// question asked for these very arguments (so no client approves a call
// it was never asked about, or other arguments than those shown), and a
// client that cannot ask is never taken to have approved. --require-
// confirmation refuses destructive calls from clients that cannot ask.
//
// An accepted state answers one question, once: it carries a digest of
// the question's words, which name the resources it resolved (their IDs),
// and on accept the question is asked of the cloud again: a new resource
// under the same name makes other words, so the user is asked again. A
// state runs one call in this process (answered, below); another replica
// would take it again within its 15 minutes.

// ConfirmPolicy is how destructive calls are confirmed.
type ConfirmPolicy struct {
	// Require refuses a destructive call when the client cannot ask the
	// user; otherwise such a call runs as before (the client's own tool
	// approval applies).
	Require bool
	// Wait bounds the wait for the answer to a question asked on the
	// call's stream (2025-era clients); 0 leaves it to the call's context
	// (the server always sets it: --confirmation-timeout).
	Wait time.Duration
}

// Question says, for validated arguments, what the call will destroy:
// "Delete volume data-1 (20 GB, 2 snapshots)?". An error (the resource is
// not found) ends the call with that error, nothing asked.
type Question func(ctx context.Context, args json.RawMessage) (string, error)

// AskWith makes a Question of a typed one.
func AskWith[A any](fn func(ctx context.Context, args A) (string, error)) Question {
	return func(ctx context.Context, raw json.RawMessage) (string, error) {
		var a A
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&a); err != nil {
			return "", fault.Errorf(fault.CodeInvalidArgument, "arguments: %v", err)
		}
		return fn(ctx, a)
	}
}

const (
	confirmInput  = "confirm"        // the input request's key
	confirmMaxAge = 15 * time.Minute // how long a question can be answered
)

// MayDestroy reports whether some call of t is one to confirm, Destroys
// whether this one is (its arguments validated).
func (t Tool) MayDestroy() bool { return t.Def.Effect == Destructive || t.Def.DestructiveWhen != nil }

func (t Tool) Destroys(args json.RawMessage) bool {
	return t.Def.Effect == Destructive || (t.Def.DestructiveWhen != nil && t.Def.DestructiveWhen(args))
}

// confirmCall returns the result to answer instead of running the call
// (the question, a cancellation, a refusal), or nil to run it. Invalid
// arguments are left to the call, which refuses them.
func confirmCall(ctx context.Context, t Tool, raw json.RawMessage, req mcp.CallToolRequest, policy ConfirmPolicy,
	log *slog.Logger, start time.Time) *mcp.CallToolResult {
	args, err := t.Arguments(raw)
	if err != nil || !t.Destroys(args) {
		return nil
	}
	question, e := policy.confirm(ctx, t, args, req.Params.MultiRoundTripParams)
	if e != nil {
		outcome := "refused"
		if e.Code == fault.CodeCancelled {
			outcome = "cancelled"
		}
		logCall(ctx, log, t, time.Since(start), raw, nil, e, outcome)
		return errorResult(e)
	}
	return question
}

// confirm decides whether the call may run. It returns nil to run it, or
// the result to answer instead: the question, a cancellation, a refusal.
func (p ConfirmPolicy) confirm(ctx context.Context, t Tool, args json.RawMessage, rt mcp.MultiRoundTripParams) (*mcp.CallToolResult, *fault.Error) {
	key, subject := stateKey(ctx), t.Def.Name
	if cloud := cloudFrom(ctx); cloud != "" {
		subject += "@" + cloud // an answer about one cloud approves nothing in another
	}
	var question string // asked again to check an accept, and kept to ask anew
	if answer := server.ElicitationResponse(rt.InputResponses, confirmInput); answer != nil && validState(key, rt.RequestState, subject, args) {
		switch answer.Action {
		case mcp.ElicitationResponseActionAccept:
			q, e := askQuestion(ctx, t, args)
			if e != nil {
				return nil, e
			}
			if sameQuestion(rt.RequestState, q) && answered.claim(rt.RequestState) {
				return nil, nil
			}
			question = q // what was accepted has changed, or was run already: ask again
		case mcp.ElicitationResponseActionDecline:
			return nil, fault.Errorf(fault.CodeCancelled, "%s was not run: the user declined; nothing was changed", t.Def.Name)
		default:
			return nil, fault.Errorf(fault.CodeCancelled, "%s was not run: the user cancelled the confirmation; nothing was changed", t.Def.Name)
		}
	}
	if !clientElicits(ctx) {
		if p.Require {
			return nil, fault.Errorf(fault.CodeForbidden,
				"%s destroys data and this server requires a person's confirmation, which this client cannot ask for", t.Def.Name).
				WithHint("use a client that supports elicitation (it asks the user), or a server without --require-confirmation")
		}
		return nil, nil
	}
	if question == "" {
		q, e := askQuestion(ctx, t, args)
		if e != nil {
			return nil, e
		}
		question = q
	}
	if !clientRetries(ctx) {
		return nil, p.askOnStream(ctx, t, question)
	}
	return server.NewInputRequestBuilder(newState(key, subject, args, question)).
		Elicit(confirmInput, mcp.ElicitationParams{
			Message: question,
			// Nothing to fill in: accept, decline or cancel is the answer.
			RequestedSchema: map[string]any{"type": "object", "properties": map[string]any{}},
		}).ToolResult(), nil
}

// askQuestion is the question put to the user for these arguments, as
// the cloud is now.
func askQuestion(ctx context.Context, t Tool, args json.RawMessage) (string, *fault.Error) {
	question := defaultQuestion(t, args)
	if t.Def.Ask != nil {
		q, err := t.Def.Ask(ctx, args)
		if err != nil {
			return "", fault.Classify(err)
		}
		question = q
	}
	if cloud := cloudFrom(ctx); cloud != "" {
		question = "[cloud " + cloud + "] " + question
	}
	return question, nil
}

// clientRetries reports whether the client of this request answers a
// question by retrying the call (2026-07-28); before, the server asks on
// the call's stream (elicitation/create) and waits.
func clientRetries(ctx context.Context) bool {
	info := server.RequestProtocolInfoFromContext(ctx)
	return info != nil && info.Modern
}

// askOnStream asks a 2025-era client's user with elicitation/create and
// waits for the answer, at most p.Wait, and without the place the call
// holds under the server's limits (Place): nil to run the call, or why it
// does not run. mcp-go would ask for us from the input_required result,
// but its bridge waits on the call's context without bound and inside
// the call's place, so that a question never answered holds both for as
// long as the connection lasts (TestUnansweredQuestionIsCancelled).
func (p ConfirmPolicy) askOnStream(ctx context.Context, t Tool, question string) *fault.Error {
	srv := server.ServerFromContext(ctx)
	if srv == nil {
		return fault.Errorf(fault.CodeInternal, "%s: no server to ask the user through", t.Def.Name)
	}
	wait := p.Wait
	asking, cancel := context.WithCancel(ctx)
	if wait > 0 {
		asking, cancel = context.WithTimeout(ctx, wait)
	}
	retake := placeFrom(ctx)()
	res, err := srv.RequestElicitation(asking, mcp.ElicitationRequest{
		Request: mcp.Request{Method: string(mcp.MethodElicitationCreate)},
		Params: mcp.ElicitationParams{Message: question,
			RequestedSchema: map[string]any{"type": "object", "properties": map[string]any{}}},
	})
	timedOut := errors.Is(asking.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	cancel()
	if e := retake(ctx); e != nil {
		return e
	}
	switch {
	case timedOut:
		return fault.Errorf(fault.CodeCancelled, "%s was not run: the user did not answer the confirmation within %v; nothing was changed", t.Def.Name, wait).
			WithHint("call it again when the user can answer (the server's --confirmation-timeout bounds the wait)")
	case err != nil && ctx.Err() != nil:
		return fault.Errorf(fault.CodeCancelled, "%s was cancelled while the user was asked; nothing was changed", t.Def.Name)
	case err != nil:
		return fault.Errorf(fault.CodeCancelled, "%s was not run: the client could not ask the user (%v); nothing was changed", t.Def.Name, err)
	}
	switch res.Action {
	case mcp.ElicitationResponseActionAccept:
		return nil
	case mcp.ElicitationResponseActionDecline:
		return fault.Errorf(fault.CodeCancelled, "%s was not run: the user declined; nothing was changed", t.Def.Name)
	default:
		return fault.Errorf(fault.CodeCancelled, "%s was not run: the user cancelled the confirmation; nothing was changed", t.Def.Name)
	}
}

// Place gives up, while a call waits for a person, the place the call
// holds under the server's limits (--max-calls), and returns how to take
// one again (an error when none comes in time). The server's call limiter
// puts one in each call's context.
type Place func() (retake func(context.Context) *fault.Error)

type placeKey struct{}

// WithPlace returns ctx carrying p, for the call made under it. A place
// the context carries already (the transport's) is given up with p, and
// taken again before it.
func WithPlace(ctx context.Context, p Place) context.Context {
	if outer, ok := ctx.Value(placeKey{}).(Place); ok && outer != nil {
		inner := p
		p = func() func(context.Context) *fault.Error {
			retakeInner, retakeOuter := inner(), outer()
			return func(ctx context.Context) *fault.Error {
				if e := retakeOuter(ctx); e != nil {
					return e
				}
				return retakeInner(ctx)
			}
		}
	}
	return context.WithValue(ctx, placeKey{}, p)
}

// placeFrom is the call's Place, or one that holds nothing.
func placeFrom(ctx context.Context) Place {
	if p, ok := ctx.Value(placeKey{}).(Place); ok && p != nil {
		return p
	}
	return func() func(context.Context) *fault.Error { return func(context.Context) *fault.Error { return nil } }
}

// defaultQuestion names the tool and its arguments, for a tool without its
// own Question.
func defaultQuestion(t Tool, args json.RawMessage) string {
	return fmt.Sprintf("%s with %s? This cannot be undone.", t.Def.Title, args)
}

// clientElicits reports whether the client of this request declared form
// elicitation: per request in 2026-07-28, per session before.
func clientElicits(ctx context.Context) bool {
	var caps *mcp.ClientCapabilities
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		caps = info.ClientCapabilities
	} else if s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo); ok {
		c := s.GetClientCapabilities()
		caps = &c
	}
	if caps == nil || caps.Elicitation == nil {
		return false
	}
	e := caps.Elicitation
	return e.Form != nil || e.URL == nil // an empty capability means form
}

// The request state is the question's identity, signed: the tool, a hash
// of its arguments and when it was asked. The client echoes it with the
// answer, possibly to another replica, which checks it with the same key.

type stateKeyKey struct{}

// WithStateKey sets the key that signs confirmation states for the
// requests under ctx. The HTTP transport derives it from the bearer token,
// which all replicas share.
func WithStateKey(ctx context.Context, key []byte) context.Context {
	return context.WithValue(ctx, stateKeyKey{}, key)
}

// processKey signs states when the transport set no key (stdio: one
// process, one client).
var processKey = func() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}()

func stateKey(ctx context.Context) []byte {
	if k, ok := ctx.Value(stateKeyKey{}).([]byte); ok && len(k) > 0 {
		return k
	}
	return processKey
}

type confirmState struct {
	Tool     string `json:"t"`
	Args     string `json:"a"` // base64 of the arguments' SHA-256
	Question string `json:"q"` // base64 of the question's SHA-256: what the user saw
	Asked    int64  `json:"at"`
	Nonce    string `json:"n"` // each question's state is its own, to be answered once
}

func argsDigest(args json.RawMessage) string {
	sum := sha256.Sum256(args)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func questionDigest(q string) string { return argsDigest(json.RawMessage(q)) }

func stateMAC(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("mcp-infomaniak confirmation v1\x00"))
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func newState(key []byte, tool string, args json.RawMessage, question string) string {
	nonce := make([]byte, 12)
	_, _ = rand.Read(nonce)
	b, _ := json.Marshal(confirmState{Tool: tool, Args: argsDigest(args), Question: questionDigest(question), Asked: time.Now().Unix(),
		Nonce: base64.RawURLEncoding.EncodeToString(nonce)})
	payload := base64.RawURLEncoding.EncodeToString(b)
	return payload + "." + stateMAC(key, payload)
}

func validState(key []byte, state, tool string, args json.RawMessage) bool {
	payload, mac, ok := strings.Cut(state, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(stateMAC(key, payload))) {
		return false
	}
	st, ok := readState(state)
	age := time.Since(time.Unix(st.Asked, 0))
	return ok && st.Tool == tool && st.Args == argsDigest(args) && age >= -time.Minute && age <= confirmMaxAge
}

// readState is what a state says, its signature unchecked (validState
// checks it).
func readState(state string) (confirmState, bool) {
	payload, _, _ := strings.Cut(state, ".")
	b, err := base64.RawURLEncoding.DecodeString(payload)
	var st confirmState
	if err != nil || json.Unmarshal(b, &st) != nil {
		return confirmState{}, false
	}
	return st, true
}

// sameQuestion reports whether the question state answers is q.
func sameQuestion(state, q string) bool {
	st, ok := readState(state)
	return ok && st.Question != "" && st.Question == questionDigest(q)
}

// answered are the accepted states this process has run a call for, each
// kept until it expires: a replayed state, or the losers of concurrent
// accepts of one, are asked again.
var answered = &onceSet{used: map[string]time.Time{}}

type onceSet struct {
	mu   sync.Mutex
	used map[string]time.Time // state → when it expires
}

// claim reports whether state was not used yet, and marks it used.
func (o *onceSet) claim(state string) bool {
	now := time.Now()
	o.mu.Lock()
	defer o.mu.Unlock()
	for s, expires := range o.used {
		if now.After(expires) {
			delete(o.used, s)
		}
	}
	if _, used := o.used[state]; used {
		return false
	}
	st, _ := readState(state)
	o.used[state] = time.Unix(st.Asked, 0).Add(confirmMaxAge + time.Minute)
	return true
}

type cloudKey struct{}

// WithCloud names the cloud a call runs on, when the server serves several
// (--cloud a,b): the confirmation's question says it, and its answer holds
// for that cloud only.
func WithCloud(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, cloudKey{}, name)
}

// cloudFrom is the cloud WithCloud named, or "".
func cloudFrom(ctx context.Context) string {
	s, _ := ctx.Value(cloudKey{}).(string)
	return s
}
