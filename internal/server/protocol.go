package server

import (
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Protocol versions. mcp-go serves every one of them on the same endpoint
// and decides the era per request: a request whose _meta names 2026-07-28
// is stateless (no initialize, server/discover, no Mcp-Session-Id, input
// for a call comes back as an input_required result); anything else goes
// through initialize, which negotiates the client's version up to
// 2025-11-25 (initialize can never negotiate 2026-07-28: that era has no
// handshake). server/discover lists them all, newest first.
//
// List TTLs (SEP-2549) exist only on the results of tools/list,
// prompts/list, resources/list, resources/templates/list, resources/read
// and server/discover, per method: not on a tool's result. What a client
// lists here is the tool list, which is fixed for the life of the process
// (the configuration decides it), so it and server/discover get a long
// TTL. Flavors, images and instances are tool results: the protocol gives
// them no TTL, so they carry none (the client's own caching of tool
// results, and our OpenStack-side caches, are what applies to them).
const listTTL = time.Hour

// protocolOptions are the mcp-go options of the protocol itself.
func protocolOptions() []server.ServerOption {
	ms := listTTL.Milliseconds()
	return []server.ServerOption{
		// Private: a shared cache must not serve one deployment's list
		// (which --read-only or --tools may have trimmed) to another's
		// clients behind the same intermediary.
		server.WithMethodCacheHints(mcp.MethodToolsList, ms, mcp.CacheScopePrivate),
		server.WithMethodCacheHints(mcp.MethodServerDiscover, ms, mcp.CacheScopePrivate),
	}
}
