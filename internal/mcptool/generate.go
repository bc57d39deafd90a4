package mcptool

// FuzzToolArguments' seed corpus (testdata/fuzz), two seeds a tool keyed
// by its name, is rewritten by `go generate ./...`; a test fails when it
// is stale.
//go:generate go test . -count=1 -run TestFuzzSeeds -update
