package main

import (
	"fmt"
	"log/slog"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

// connectClouds makes the clients of the clouds the server serves: the one
// of connect, or one per entry of --cloud a,b / --all-clouds, each with its
// own token and caches.
func connectClouds(cfg config.Config, logger *slog.Logger, getenv config.Env) ([]server.NamedCloud, func(), error) {
	names := cfg.CloudNames()
	if cfg.AllClouds && !cfg.Sandbox {
		var err error
		if names, err = config.CloudsYAMLNames(getenv); err != nil {
			return nil, nil, err
		}
	}
	if len(names) <= 1 || cfg.Sandbox {
		cloud, release, err := connect(cfg, logger, getenv)
		if err != nil {
			return nil, nil, err
		}
		name := cfg.FirstCloud()
		if name == "" {
			name = "default"
		}
		return []server.NamedCloud{{Name: name, Cloud: cloud, ReadOnly: cfg.IsReadOnlyCloud(name)}}, release, nil
	}
	var clouds []server.NamedCloud
	for _, name := range names {
		creds, err := config.ResolveCredentials(name, cfg.Region, getenv)
		if err != nil {
			return nil, nil, err
		}
		logger.Info("credentials", "cloud", name, "source", creds.Describe(), "read_only", cfg.IsReadOnlyCloud(name))
		clouds = append(clouds, server.NamedCloud{Name: name, ReadOnly: cfg.IsReadOnlyCloud(name),
			Cloud: client.New(client.Options{Credentials: creds, RequestTimeout: cfg.RequestTimeout,
				Logger: logger.With("cloud", name), UserAgent: "mcp-infomaniak/" + version})})
	}
	for _, ro := range cfg.ReadOnlyClouds {
		if !containsCloud(clouds, ro) {
			return nil, nil, fmt.Errorf("--read-only-clouds %s: not one of the clouds served (%v)", ro, names)
		}
	}
	return clouds, func() {}, nil
}

func containsCloud(clouds []server.NamedCloud, name string) bool {
	for _, c := range clouds {
		if c.Name == name {
			return true
		}
	}
	return false
}
