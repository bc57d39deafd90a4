package docs

// docs/tools.md and the README's toolset table are rewritten by
// `go generate ./...`; a test fails when they are stale.
// The published schemas first (internal/server/generate.go): the docs are
// made from them, and go generate reaches this package before that one.
//go:generate go test ../server -count=1 -run TestPublishedSchemas -update
//go:generate go test . -count=1 -run TestToolsMarkdownIsCurrent|TestReadmeToolsetTable -update
