package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A user's clone holds the repository alone: no file of it may lean on the
// folder beside it (the team's shared/ was one once).
func TestNothingRefersOutsideTheRepository(t *testing.T) {
	outside := ".." + "/shared" // split, so this file does not match itself
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), outside) {
			t.Errorf("%s refers to %s, which a clone does not have", path, outside)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
