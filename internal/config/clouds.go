package config

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

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
	p, err := findCloudsYAML(cloudsYAMLPaths(getenv, ""))
	if err != nil {
		return nil, fmt.Errorf("--all-clouds: %w", err)
	}
	names, err := cloudsYAMLEntries(p)
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("%s has no clouds", p)
	}
	return names, err
}

// findCloudsYAML is the first of paths that exists, as clouds.Parse reads
// them; none is said with the places looked in and what to do.
func findCloudsYAML(paths []string) (string, error) {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no clouds.yaml was found (looked in %s); write one in ~/.config/openstack/ "+
		"(see the README's 'Set up a real Infomaniak cloud'), or use the INFOMANIAK_* variables", strings.Join(paths, ", "))
}

// cloudsYAMLEntries are the entries of the clouds.yaml at p, sorted.
func cloudsYAMLEntries(p string) ([]string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var f struct {
		Clouds map[string]any `yaml:"clouds"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	names := slices.Collect(maps.Keys(f.Clouds))
	sort.Strings(names)
	return names, nil
}
