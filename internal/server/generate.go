package server

// The tool definition snapshots (testdata/tools), the tools/list
// snapshots of each safety mode (testdata/toolslist) and the default set's
// size record (testdata/budget.json) and the lean schemas a server
// publishes without reflecting (internal/schema/published.json) are rewritten by
// `go generate ./...`; a test fails when they are stale.
//go:generate go test . -count=1 -run TestToolSnapshots|TestToolsListSnapshots|TestDefinitionsBudget|TestPublishedSchemas -update
