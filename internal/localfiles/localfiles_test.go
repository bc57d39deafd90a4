package localfiles_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/localfiles"
)

func code(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	if err == nil {
		return ""
	}
	return "other"
}

// TestPathsJudgedAfterLinks: a path is inside a root only once its links
// are followed; none is when no root is given.
func TestPathsJudgedAfterLinks(t *testing.T) {
	root, out := t.TempDir(), t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(root, "in.txt"), []byte("a"), 0o600))
	must(os.WriteFile(filepath.Join(out, "secret.txt"), []byte("b"), 0o600))
	must(os.Symlink(filepath.Join(out, "secret.txt"), filepath.Join(root, "to-secret")))
	must(os.Symlink(out, filepath.Join(root, "to-out")))
	must(os.Mkdir(filepath.Join(root, "sub"), 0o700))
	ctx := localfiles.WithRoots(context.Background(), []string{root})

	for _, c := range []struct {
		path, want string
		existing   bool
	}{
		{filepath.Join(root, "in.txt"), "", true},
		{filepath.Join(root, "sub", "..", "in.txt"), "", true},
		{filepath.Join(root, "to-secret"), fault.CodeForbidden, true},
		{filepath.Join(root, "..", filepath.Base(out), "secret.txt"), fault.CodeForbidden, true},
		{filepath.Join(root, "missing.txt"), fault.CodeNotFound, true},
		{filepath.Join(root, "sub"), fault.CodeInvalidArgument, true},
		{filepath.Join(root, "new.txt"), "", false},
		{filepath.Join(root, "to-out", "new.txt"), fault.CodeForbidden, false},
		{filepath.Join(root, "to-secret"), fault.CodeForbidden, false},
		{filepath.Join(root, "no-dir", "new.txt"), fault.CodeNotFound, false},
		{filepath.Join(out, "new.txt"), fault.CodeForbidden, false},
	} {
		var err error
		if c.existing {
			_, err = localfiles.Existing(ctx, c.path)
		} else {
			_, err = localfiles.NewFile(ctx, c.path)
		}
		if got := code(err); got != c.want {
			t.Errorf("%s (existing %v): %q, want %q: %v", c.path, c.existing, got, c.want, err)
		}
	}
	if _, err := localfiles.Existing(context.Background(), filepath.Join(root, "in.txt")); code(err) != fault.CodeForbidden {
		t.Errorf("no roots: %v", err)
	}
	if err := localfiles.CheckRoots([]string{filepath.Join(root, "in.txt")}); err == nil {
		t.Error("a file taken as a root")
	}
	if err := localfiles.CheckRoots([]string{root, out}); err != nil {
		t.Error(err)
	}
}
