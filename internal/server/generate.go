package server

// The tool definition snapshots (testdata/tools) and the tools/list
// snapshots of each safety mode (testdata/toolslist) are rewritten by
// `go generate ./...`; a test fails when they are stale.
//go:generate go test . -count=1 -run TestToolSnapshots|TestToolsListSnapshots -update
