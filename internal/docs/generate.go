package docs

// docs/tools.md and the README's toolset table are rewritten by
// `go generate ./...`; a test fails when they are stale.
//go:generate go test . -count=1 -run TestToolsMarkdownIsCurrent|TestReadmeToolsetTable -update
