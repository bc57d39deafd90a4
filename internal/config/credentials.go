package config

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
)

// Credentials say how to authenticate and where. Secrets live in Auth and
// must never be logged: use Describe for a safe summary.
type Credentials struct {
	Auth         gophercloud.AuthOptions
	Region       string
	Availability gophercloud.Availability // endpoint interface; public by default
	TLS          *tls.Config
	Source       string // "clouds.yaml entry X", "OS_* variables", "INFOMANIAK_* variables", "sandbox"
	// AuthURLUser is the userinfo the auth URL came with, taken out of
	// Auth.IdentityEndpoint so that nothing shows it: sent as basic
	// authentication to the auth URL's host, never logged.
	AuthURLUser *url.Userinfo
}

// Describe is a secret-free summary for logs.
func (c Credentials) Describe() string {
	method := "password"
	switch {
	case c.Auth.ApplicationCredentialID != "" || c.Auth.ApplicationCredentialName != "":
		method = "application credential"
	case c.Auth.TokenID != "":
		method = "token"
	}
	return fmt.Sprintf("%s, %s, auth %s, region %s", c.Source, method, RedactURLs(c.Auth.IdentityEndpoint), c.Region)
}

// errNoCredentials is returned when no source of credentials is configured.
var errNoCredentials = errors.New(`no OpenStack credentials found. Use one of:
  1. --cloud NAME (or OS_CLOUD=NAME) with an entry of clouds.yaml;
  2. the OS_* variables of an openrc file (source it first);
  3. INFOMANIAK_APP_CREDENTIAL_ID and INFOMANIAK_APP_CREDENTIAL_SECRET (optional INFOMANIAK_AUTH_URL, INFOMANIAK_REGION);
or try the server with no account: --sandbox`)

// ResolveCredentials finds credentials, first match wins: a clouds.yaml entry
// (cloud, else OS_CLOUD), OS_* variables, INFOMANIAK_* variables. The region
// is regionFlag, else the source's own, else defaultRegion.
func ResolveCredentials(cloud, regionFlag string, getenv Env) (Credentials, error) {
	if cloud == "" {
		cloud = getenv("OS_CLOUD")
	}
	var (
		c   Credentials
		err error
	)
	switch {
	case cloud != "":
		c, err = fromCloudsYAML(cloud, regionFlag, getenv)
	case getenv("OS_AUTH_URL") != "":
		c, err = fromOSEnv(getenv)
	case getenv("INFOMANIAK_APP_CREDENTIAL_ID") != "" || getenv("INFOMANIAK_APP_CREDENTIAL_SECRET") != "":
		c, err = fromInfomaniakEnv(getenv, regionFlag)
	default:
		return Credentials{}, errNoCredentials
	}
	if err != nil {
		return Credentials{}, err
	}
	if c.Auth.IdentityEndpoint, c.AuthURLUser, err = splitAuthURL(c.Auth.IdentityEndpoint); err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", c.Source, err)
	}
	if regionFlag != "" {
		c.Region = regionFlag
	}
	if c.Region == "" {
		c.Region = defaultRegion
	}
	if c.Availability == "" {
		c.Availability = gophercloud.AvailabilityPublic
	}
	// Tokens expire (Keystone's default is an hour): re-authenticate
	// transparently rather than failing a long session.
	c.Auth.AllowReauth = true
	return c, nil
}

func fromCloudsYAML(name, region string, getenv Env) (Credentials, error) {
	if region == "" {
		region = getenv("OS_REGION_NAME")
	}
	cwd, _ := os.Getwd()
	// The file is found here, as clouds.Parse would (the first that opens),
	// so that its absence, or an entry it lacks, is said in full.
	file, err := findCloudsYAML(cloudsYAMLPaths(getenv, cwd))
	if err != nil {
		if name == "sandbox" { // the entry 'mcp-infomaniak sandbox --clouds-file' writes
			err = fmt.Errorf("%w; a sandbox writes its entry as it starts: mcp-infomaniak sandbox --clouds-file clouds.yaml, in another terminal", err)
		}
		return Credentials{}, fmt.Errorf("clouds.yaml entry %q: %w", name, err)
	}
	// Every setting clouds.Parse would read from the process's environment
	// is given from getenv, so that getenv is the only environment there is.
	auth, ep, tlsConfig, err := clouds.Parse(clouds.WithCloudName(name), clouds.WithRegion(region),
		clouds.WithEndpointType(getenv("OS_INTERFACE")), clouds.WithLocations(file))
	if err != nil {
		if names, nerr := cloudsYAMLEntries(file); nerr == nil && !slices.Contains(names, name) {
			return Credentials{}, fmt.Errorf("clouds.yaml entry %q: %s has no entry %q; its entries: %s", name, file, name, strings.Join(names, ", "))
		}
		return Credentials{}, fmt.Errorf("clouds.yaml entry %q in %s: %w", name, file, err)
	}
	return Credentials{Auth: auth, Region: ep.Region, Availability: ep.Availability, TLS: tlsConfig,
		Source: fmt.Sprintf("clouds.yaml entry %q", name)}, nil
}

// fromOSEnv reads an openrc file's variables. gophercloud's AuthOptionsFromEnv
// ignores OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME and OS_REGION_NAME,
// which Infomaniak's openrc files set, so we read them all here.
func fromOSEnv(getenv Env) (Credentials, error) {
	first := func(names ...string) string {
		for _, n := range names {
			if v := getenv(n); v != "" {
				return v
			}
		}
		return ""
	}
	a := gophercloud.AuthOptions{
		IdentityEndpoint:            getenv("OS_AUTH_URL"),
		Username:                    getenv("OS_USERNAME"),
		UserID:                      getenv("OS_USER_ID"),
		Password:                    getenv("OS_PASSWORD"),
		Passcode:                    getenv("OS_PASSCODE"),
		TenantID:                    first("OS_PROJECT_ID", "OS_TENANT_ID"),
		TenantName:                  first("OS_PROJECT_NAME", "OS_TENANT_NAME"),
		DomainID:                    first("OS_USER_DOMAIN_ID", "OS_DOMAIN_ID"),
		DomainName:                  first("OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"),
		ApplicationCredentialID:     getenv("OS_APPLICATION_CREDENTIAL_ID"),
		ApplicationCredentialName:   getenv("OS_APPLICATION_CREDENTIAL_NAME"),
		ApplicationCredentialSecret: getenv("OS_APPLICATION_CREDENTIAL_SECRET"),
		TokenID:                     getenv("OS_TOKEN"),
	}
	if a.ApplicationCredentialID != "" || a.ApplicationCredentialName != "" {
		if a.ApplicationCredentialSecret == "" {
			return Credentials{}, errors.New("OS_APPLICATION_CREDENTIAL_SECRET is not set")
		}
		// An application credential is already scoped; Keystone refuses a scope beside it.
		a.TenantID, a.TenantName, a.DomainID, a.DomainName = "", "", "", ""
	} else if a.TokenID == "" {
		if a.Username == "" && a.UserID == "" {
			return Credentials{}, errors.New("OS_AUTH_URL is set but neither OS_USERNAME nor OS_APPLICATION_CREDENTIAL_ID is")
		}
		if a.Password == "" {
			return Credentials{}, errors.New("OS_PASSWORD is not set")
		}
		// The project's domain may differ from the user's; scope explicitly.
		if pd := first("OS_PROJECT_DOMAIN_NAME", "OS_PROJECT_DOMAIN_ID"); pd != "" && (a.TenantID != "" || a.TenantName != "") {
			a.Scope = &gophercloud.AuthScope{ProjectID: a.TenantID, ProjectName: a.TenantName,
				DomainName: getenv("OS_PROJECT_DOMAIN_NAME"), DomainID: getenv("OS_PROJECT_DOMAIN_ID")}
			if a.TenantID != "" {
				a.Scope.DomainName, a.Scope.DomainID = "", ""
			}
		}
	}
	avail := gophercloud.Availability(getenv("OS_INTERFACE"))
	if avail == "publicURL" {
		avail = gophercloud.AvailabilityPublic
	}
	return Credentials{Auth: a, Region: getenv("OS_REGION_NAME"), Availability: avail, Source: "OS_* variables"}, nil
}

func fromInfomaniakEnv(getenv Env, regionFlag string) (Credentials, error) {
	id, secret := getenv("INFOMANIAK_APP_CREDENTIAL_ID"), getenv("INFOMANIAK_APP_CREDENTIAL_SECRET")
	if id == "" || secret == "" {
		return Credentials{}, errors.New("INFOMANIAK_APP_CREDENTIAL_ID and INFOMANIAK_APP_CREDENTIAL_SECRET must both be set")
	}
	region := regionFlag
	if region == "" {
		region = getenv("INFOMANIAK_REGION")
	}
	authURL := getenv("INFOMANIAK_AUTH_URL")
	if authURL == "" {
		// Infomaniak's two regions are two clouds: dc3-a is Public Cloud 01
		// (pub1), dc4-a is Public Cloud 02 (pub2), each with its own Keystone.
		authURL = DefaultAuthURL
		if region == "dc4-a" {
			authURL = DC4AuthURL
		}
	}
	return Credentials{
		Auth:   gophercloud.AuthOptions{IdentityEndpoint: authURL, ApplicationCredentialID: id, ApplicationCredentialSecret: secret},
		Region: region, Source: "INFOMANIAK_* variables",
	}, nil
}
