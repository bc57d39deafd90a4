// Package localfiles is the server's reach into this machine's files: only
// inside the directories the user allowed (--files-root, none by default),
// judged after symbolic links are followed, so that a tool asked for
// ../../etc/passwd or a link out of a root reads or writes nothing. The
// allowed roots travel in a call's context, as its cloud does.
package localfiles

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

type rootsKey struct{}

// WithRoots makes ctx a call that may use files under roots.
func WithRoots(ctx context.Context, roots []string) context.Context {
	return context.WithValue(ctx, rootsKey{}, roots)
}

// Roots are the directories a call may use files under.
func Roots(ctx context.Context) []string {
	r, _ := ctx.Value(rootsKey{}).([]string)
	return r
}

// CheckRoots refuses a root that is not an existing directory, so that a
// mistyped --files-root is said at start, not at the first upload.
func CheckRoots(roots []string) error {
	for _, r := range roots {
		fi, err := os.Stat(r)
		if err != nil {
			return fmt.Errorf("--files-root %s: %v", r, err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("--files-root %s: not a directory", r)
		}
	}
	return nil
}

// noRoots is the refusal of any path when the user allowed none.
func noRoots() error {
	return fault.Errorf(fault.CodeForbidden, "this server may not read or write local files: it was started without --files-root").
		WithHint("pass the content itself (content or content_base64), or ask the user to start the server with --files-root DIR for the directories it may use")
}

// resolvedRoots are the roots with their links followed.
func resolvedRoots(ctx context.Context) ([]string, error) {
	var out []string
	for _, r := range Roots(ctx) {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			out = append(out, real)
		}
	}
	if len(Roots(ctx)) == 0 {
		return nil, noRoots()
	}
	return out, nil
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func outside(p string, roots []string) error {
	return fault.Errorf(fault.CodeForbidden, "%s is outside the directories this server may use (%s)", p, strings.Join(roots, ", ")).
		WithHint("give a path inside one of them; links are followed before this is judged")
}

// rootsAndAbs is the roots (links followed) a path is judged against, and p
// made absolute: where Existing and NewFile both begin.
func rootsAndAbs(ctx context.Context, p string) (roots []string, abs string, err error) {
	if roots, err = resolvedRoots(ctx); err != nil {
		return nil, "", err
	}
	if abs, err = filepath.Abs(p); err != nil {
		return nil, "", fault.Errorf(fault.CodeInvalidArgument, "file %q: %v", p, err)
	}
	return roots, abs, nil
}

// Existing is the real path of an existing regular file p, which must lie
// inside a root once every link is followed.
func Existing(ctx context.Context, p string) (string, error) {
	roots, abs, err := rootsAndAbs(ctx, p)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fault.Errorf(fault.CodeNotFound, "file %s does not exist", p).WithHint("give the path of an existing file")
		}
		return "", fault.Errorf(fault.CodeInvalidArgument, "file %s: %v", p, err)
	}
	if !insideAny(real, roots) {
		return "", outside(p, roots)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", fault.Errorf(fault.CodeInvalidArgument, "file %s: %v", p, err)
	}
	if !fi.Mode().IsRegular() {
		return "", fault.Errorf(fault.CodeInvalidArgument, "%s is not a regular file", p).WithHint("give the path of a file, not a directory or a device")
	}
	return real, nil
}

// NewFile is where a file p may be written: its directory must exist and
// lie inside a root once links are followed; p itself, if it exists, must
// be a regular file (a link is followed, and judged, too).
func NewFile(ctx context.Context, p string) (string, error) {
	roots, abs, err := rootsAndAbs(ctx, p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real // an existing file, or a link to one: judge where it leads
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", fault.Errorf(fault.CodeNotFound, "directory %s does not exist", filepath.Dir(p)).WithHint("give a path in an existing directory")
	}
	real := filepath.Join(dir, filepath.Base(abs))
	if !insideAny(real, roots) {
		return "", outside(p, roots)
	}
	if fi, err := os.Lstat(real); err == nil && !fi.Mode().IsRegular() {
		return "", fault.Errorf(fault.CodeInvalidArgument, "%s exists and is not a regular file", p)
	}
	return real, nil
}

func insideAny(p string, roots []string) bool {
	for _, r := range roots {
		if within(r, p) {
			return true
		}
	}
	return false
}
