package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"
)

// CloudNames are the clouds.yaml entries --cloud names: one, or several
// separated by commas (--cloud a,b), for a server over several clouds.
func (c Config) CloudNames() []string { return SplitList(c.Cloud) }

// FirstCloud is the entry a single-cloud command uses ("" for none).
func (c Config) FirstCloud() string {
	if names := c.CloudNames(); len(names) > 0 {
		return names[0]
	}
	return ""
}

// IsReadOnlyCloud reports whether --read-only-clouds names name.
func (c Config) IsReadOnlyCloud(name string) bool { return slices.Contains(c.ReadOnlyClouds, name) }

// cloudsYAMLPaths are the clouds.yaml files clouds.Parse tries, in order,
// as it finds them: OS_CLIENT_CONFIG_FILE, else dir (the working directory:
// "" for relative, as --all-clouds names it; clouds.Parse names it absolute),
// the user's ~/.config/openstack/ (XDG_CONFIG_HOME) and /etc/openstack/.
func cloudsYAMLPaths(getenv Env, dir string) []string {
	if p := getenv("OS_CLIENT_CONFIG_FILE"); p != "" {
		return []string{p}
	}
	cfgDir := getenv("XDG_CONFIG_HOME")
	if cfgDir == "" {
		cfgDir = filepath.Join(getenv("HOME"), ".config")
	}
	return []string{filepath.Join(dir, "clouds.yaml"), filepath.Join(cfgDir, "openstack", "clouds.yaml"), "/etc/openstack/clouds.yaml"}
}

// CloudsYAMLNames lists the entries of the clouds.yaml file clouds.Parse
// would read (OS_CLIENT_CONFIG_FILE, else ./, ~/.config/openstack/,
// /etc/openstack/), sorted: what --all-clouds loads.
func CloudsYAMLNames(getenv Env) ([]string, error) {
	paths := cloudsYAMLPaths(getenv, "")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var f struct {
			Clouds map[string]any `yaml:"clouds"`
		}
		if err := yaml.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		var names []string
		for n := range f.Clouds {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, fmt.Errorf("%s has no clouds", p)
		}
		return names, nil
	}
	return nil, fmt.Errorf("--all-clouds: no clouds.yaml (looked in %v)", paths)
}
