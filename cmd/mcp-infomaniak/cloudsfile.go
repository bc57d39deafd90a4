package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
)

// cloudEntry is one clouds.yaml entry with a password, in the order
// OpenStack's documentation writes it.
type cloudEntry struct {
	Auth struct {
		AuthURL           string `yaml:"auth_url"`
		Username          string `yaml:"username"`
		Password          string `yaml:"password"`
		ProjectName       string `yaml:"project_name"`
		UserDomainName    string `yaml:"user_domain_name"`
		ProjectDomainName string `yaml:"project_domain_name"`
	} `yaml:"auth"`
	RegionName         string `yaml:"region_name"`
	IdentityAPIVersion int    `yaml:"identity_api_version"`
}

// sandboxEntry is the clouds.yaml entry of a running sandbox.
func sandboxEntry(sb *sandbox.Server) cloudEntry {
	o := sb.Options()
	var e cloudEntry
	e.Auth.AuthURL, e.Auth.Username, e.Auth.Password, e.Auth.ProjectName = sb.AuthURL, o.Username, o.Password, o.Project
	e.Auth.UserDomainName, e.Auth.ProjectDomainName = "Default", "Default"
	e.RegionName, e.IdentityAPIVersion = o.Region, 3
	return e
}

// cloudsYAML is a whole clouds.yaml holding only the entry name.
func cloudsYAML(name string, e cloudEntry) ([]byte, error) {
	return encodeYAML(map[string]map[string]cloudEntry{"clouds": {name: e}})
}

func encodeYAML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// putCloudEntry writes the entry name into the clouds.yaml at path: a new
// file (and its folder), or an existing one whose other entries and comments
// are kept. An entry of that name already there is replaced only when it is
// a stale one of a sandbox (on this machine, not answering): a live one is
// another sandbox's, still in use, and any other is the user's own cloud.
// The returned func takes the entry out again, if it is still this one, and
// the file too if this made it.
func putCloudEntry(path, name string, e cloudEntry, answers func(url string) bool) (remove func() error, err error) {
	doc, created, err := readCloudsFile(path)
	if err != nil {
		return nil, err
	}
	entries := mappingValue(doc.Content[0], "clouds")
	if old := authURL(entries, name); old != "" && !client.IsLoopbackURL(old) {
		return nil, fmt.Errorf("%s already has an entry %q for another cloud (auth_url %s); it is left as it is: give this sandbox another file", path, name, old)
	} else if old != "" && answers(old) {
		return nil, fmt.Errorf("%s already has the entry %q of a sandbox that is running (auth_url %s): use that one (--cloud %s), or stop it first", path, name, old, name)
	}
	var value yaml.Node
	if err := value.Encode(e); err != nil {
		return nil, err
	}
	*mappingValue(entries, name) = value
	if created {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
	}
	if err := writeCloudsFile(path, doc); err != nil {
		return nil, err
	}
	return func() error { return dropCloudEntry(path, name, e.Auth.AuthURL, created) }, nil
}

// authURL is the auth_url of the entry name of the clouds mapping ("" if none).
func authURL(clouds *yaml.Node, name string) string {
	var entry struct {
		Auth struct {
			AuthURL string `yaml:"auth_url"`
		} `yaml:"auth"`
	}
	for i := 0; i+1 < len(clouds.Content); i += 2 {
		if clouds.Content[i].Value == name {
			if clouds.Content[i+1].Decode(&entry) != nil || entry.Auth.AuthURL == "" {
				return "(none)" // an entry, but not one a sandbox wrote
			}
			return entry.Auth.AuthURL
		}
	}
	return ""
}

// answersHTTP reports whether something answers HTTP at url within a second.
func answersHTTP(url string) bool {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}

// dropCloudEntry takes the entry name out of the file at path if its
// auth_url is still ours (another sandbox may have taken the name since);
// deleteEmpty removes the file when nothing else is left in it.
func dropCloudEntry(path, name, ours string, deleteEmpty bool) error {
	doc, missing, err := readCloudsFile(path)
	if err != nil || missing {
		return err
	}
	clouds := mappingValue(doc.Content[0], "clouds")
	if authURL(clouds, name) != ours {
		return nil
	}
	for i := 0; i+1 < len(clouds.Content); i += 2 {
		if clouds.Content[i].Value == name {
			clouds.Content = append(clouds.Content[:i], clouds.Content[i+2:]...)
			break
		}
	}
	if deleteEmpty && len(clouds.Content) == 0 && len(doc.Content[0].Content) == 2 {
		return os.Remove(path)
	}
	return writeCloudsFile(path, doc)
}

// readCloudsFile parses path as a YAML document whose root is a mapping;
// a missing or empty file is an empty document (created is then true).
func readCloudsFile(path string) (doc *yaml.Node, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b, created = nil, true
	} else if err != nil {
		return nil, false, err
	}
	doc = &yaml.Node{}
	if err := yaml.Unmarshal(b, doc); err != nil {
		return nil, false, fmt.Errorf("%s: not YAML: %w", path, err)
	}
	if doc.Kind == 0 { // an empty file
		doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}},
			HeadComment: "written by mcp-infomaniak sandbox"}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false, fmt.Errorf("%s is not a clouds.yaml: its top is not a mapping", path)
	}
	return doc, created, nil
}

// mappingValue returns the value of key in mapping m, adding an empty
// mapping under key when m has none (so the caller may fill it).
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	v := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}

// writeCloudsFile replaces path's content at once (a reader never sees half a
// file), readable by its owner only: the file holds a password.
func writeCloudsFile(path string, doc *yaml.Node) error {
	b, err := encodeYAML(doc)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clouds-*.yaml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
