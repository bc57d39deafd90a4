// Package mcpgofix holds every workaround of what mcp-go v1.2.1 does that
// MCP, JSON-RPC or our users need done otherwise. Each says what mcp-go
// does and names the test (of internal/server, unless said otherwise) that
// shows it: the day mcp-go changes, run that test without the workaround
// to know whether it can go. Nothing else reads mcp-go's error texts.
//
//   - JSON-RPC: messages mcp-go would misread are refused before it sees
//     them (VetMessage); its error answers are rewritten in JSON words, cut
//     to a readable length, and its 'tool not found' handed to the server's
//     own words (CleanErrors, ErrorCleaner); a client's reply it cannot place
//     is answered in JSON-RPC (ReplyErrors).
//   - Notifications: a call's progress is written by the call itself,
//     ahead of its result, on the path the result takes (PostStream,
//     NotifySSE, Notification for stdio's writer).
//   - Stdio input: lines bounded as they arrive, requests owed an answer
//     kept alive past the input's end, and cancellations sent right after
//     their request delivered again (VetLines, DueAnswers).
//   - HTTP: the SSE stream's CORS answer is ours (CORSGuard); a session
//     another replica started is initialized as it was there (Adopt); a
//     stream no initialize started is refused (RefuseStrayStream); results
//     queued on SSE streams are written before they close (CloseSSE).
//   - Its client, as our tests use it: a cancelled call may end as
//     "unexpected nil response" instead of context.Canceled (CallCancelled).
package mcpgofix
