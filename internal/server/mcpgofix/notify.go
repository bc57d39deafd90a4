package mcpgofix

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// mcp-go v1.2.1 sends a call's notifications from a goroutine of its own,
// through a queue of its own, on every transport: one sent just before the
// call returns may be written after the call's result, or dropped when the
// queue is full (TestNotificationDeliveryStdio, TestNotificationDeliveryHTTP
// over streamable HTTP and SSE). Here the call writes its notifications
// itself, on the path its result takes, before it returns.

// Notification is the JSON-RPC notification of method with params.
func Notification(method string, params map[string]any) mcp.JSONRPCNotification {
	return mcp.JSONRPCNotification{
		JSONRPC: mcp.JSONRPC_VERSION,
		Notification: mcp.Notification{
			Method: method,
			Params: mcp.NotificationParams{AdditionalFields: params},
		},
	}
}

// sseQueueWait is how long a notification waits for room on a full SSE queue.
const sseQueueWait = 5 * time.Second

// NotifySSE queues a notification on the call's SSE stream, the queue its
// result will follow it on. mcp-go's SendEventToSession says the queue is
// full only in its error's text ("event queue full", no sentinel): the
// stream is writing, room comes soon, so it is tried again meanwhile.
func NotifySSE(ctx context.Context, sse *server.SSEServer, method string, params map[string]any) error {
	sess := server.ClientSessionFromContext(ctx)
	if sess == nil {
		return errors.New("no SSE session")
	}
	n := Notification(method, params)
	deadline := time.Now().Add(sseQueueWait)
	for {
		err := sse.SendEventToSession(sess.SessionID(), n)
		if err == nil || !strings.Contains(err.Error(), "queue full") || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(5 * time.Millisecond) // the stream is writing: room comes soon
	}
}
