package server

// The tool definition snapshots (testdata/tools), the tools/list
// snapshots of each safety mode (testdata/toolslist) and the default set's
// size record (testdata/budget.json) and the lean schemas a server
// publishes without reflecting (internal/schema/published.json) are rewritten by
// `go generate ./...`; a test fails when they are stale. The schemas go
// first, in a run of their own: the snapshots are built by a test binary
// that embeds them.
//go:generate go test . -count=1 -run TestPublishedSchemas -update
//go:generate go test . -count=1 -run TestToolSnapshots|TestToolsListSnapshots|TestDefinitionsBudget -update
