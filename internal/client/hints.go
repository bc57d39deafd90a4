package client

// Helpful failures for the mistakes people make with a real cloud: a wrong
// auth URL, a refused (expired, revoked) credential, a reader-role
// credential asked to change something, a region the cloud does not have.
// Each is said in words a person acts on, naming what to change.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/config"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// infomaniakAuthURLs are the Keystones of Infomaniak's two public clouds,
// one region each.
var infomaniakAuthURLs = map[string]string{
	"dc3-a": config.DefaultAuthURL,
	"dc4-a": config.DC4AuthURL,
}

// explainFailures makes an authenticated provider client explain two
// failures better than the services do: an endpoint missing from the
// catalog names the regions that exist, and a 403 on a write by a token
// whose only role is reader says so.
func explainFailures(pc *gophercloud.ProviderClient) {
	if locate := pc.EndpointLocator; locate != nil {
		pc.EndpointLocator = func(eo gophercloud.EndpointOpts) (string, error) {
			url, err := locate(eo)
			if err != nil {
				cat := serviceCatalog(pc)
				return url, &missingEndpoint{cause: err, regions: catalogRegions(cat, ""),
					serviceRegions: catalogRegions(cat, eo.Types()...)}
			}
			return url, nil
		}
	}
	// RetryFunc sees every failed request; returning an error ends it with
	// that error (nil would retry, which is never wanted here).
	pc.RetryFunc = func(_ context.Context, method, _ string, _ *gophercloud.RequestOpts, err error, _ uint) error {
		return readOnlyRole(pc, method, err)
	}
}

// missingEndpoint is a catalog lookup that failed, with what the catalog has.
type missingEndpoint struct {
	cause          error
	regions        []string // every region of the catalog
	serviceRegions []string // the regions that have the wanted service
}

func (e *missingEndpoint) Error() string { return e.cause.Error() }
func (e *missingEndpoint) Unwrap() error { return e.cause }

func serviceCatalog(pc *gophercloud.ProviderClient) *tokens.ServiceCatalog {
	r, ok := pc.GetAuthResult().(interface {
		ExtractServiceCatalog() (*tokens.ServiceCatalog, error)
	})
	if !ok {
		return nil
	}
	cat, err := r.ExtractServiceCatalog()
	if err != nil {
		return nil
	}
	return cat
}

// tokenProject is the ID of the project the token is scoped to, "" if none.
func tokenProject(pc *gophercloud.ProviderClient) string {
	r, ok := pc.GetAuthResult().(interface {
		ExtractProject() (*tokens.Project, error)
	})
	if !ok {
		return ""
	}
	if p, err := r.ExtractProject(); err == nil && p != nil {
		return p.ID
	}
	return ""
}

// catalogRegions lists, sorted, the regions of the catalog's endpoints, of
// the given service types only when types are given.
func catalogRegions(cat *tokens.ServiceCatalog, types ...string) []string {
	if cat == nil {
		return nil
	}
	var out []string
	for _, entry := range cat.Entries {
		if len(types) > 0 && types[0] != "" && !slices.Contains(types, entry.Type) {
			continue
		}
		for _, ep := range entry.Endpoints {
			r := ep.Region
			if r == "" {
				r = ep.RegionID
			}
			if r != "" && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	slices.Sort(out)
	return out
}

// tokenRoles are the role names of the current token, lower-cased.
func tokenRoles(pc *gophercloud.ProviderClient) []string {
	r, ok := pc.GetAuthResult().(interface {
		ExtractRoles() ([]tokens.Role, error)
	})
	if !ok {
		return nil
	}
	roles, err := r.ExtractRoles()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(roles))
	for _, role := range roles {
		names = append(names, strings.ToLower(role.Name))
	}
	return names
}

// readOnlyOnly reports whether every role is a reader role ("reader", or a
// service's own like "load-balancer_observer").
func readOnlyOnly(roles []string) bool {
	if len(roles) == 0 {
		return false
	}
	for _, r := range roles {
		if r != "reader" && !strings.HasSuffix(r, "_reader") && !strings.HasSuffix(r, "_observer") {
			return false
		}
	}
	return true
}

// readOnlyRole turns a 403 on a write into "this credential has a
// read-only role" when the token's roles are only reader; any other error
// is returned as it is.
func readOnlyRole(pc *gophercloud.ProviderClient, method string, err error) error {
	if method == http.MethodGet || method == http.MethodHead {
		return err
	}
	var resp gophercloud.ErrUnexpectedResponseCode
	if !errors.As(err, &resp) || resp.Actual != http.StatusForbidden {
		return err
	}
	roles := tokenRoles(pc)
	if !readOnlyOnly(roles) {
		return err
	}
	e := fault.Classify(err)
	if e.Code == fault.CodeQuotaExceeded {
		return err
	}
	cloudSays := e.Message
	e.Code = fault.CodeForbidden
	e.Message = fmt.Sprintf("this credential has a read-only role (%s): the cloud refuses every change to it", strings.Join(roles, ", "))
	if cloudSays != "" {
		e.Message += " (" + cloudSays + ")"
	}
	e.Hint = "give the server an application credential with the member role (openstack application credential create --role member mcp-agent), " +
		"or run it with --read-only so that only the list_* and get_* tools are offered"
	if e.Details == nil {
		e.Details = map[string]any{}
	}
	e.Details["roles"] = roles
	return e
}

// explainAuthFailure says why authentication failed, by kind of mistake.
func explainAuthFailure(err error, creds config.Credentials) *fault.Error {
	url := creds.Auth.IdentityEndpoint
	e := fault.Classify(err)
	if e.Code == fault.CodeCancelled || e.Code == fault.CodeTimeout {
		return e
	}
	var resp gophercloud.ErrUnexpectedResponseCode
	isResp := errors.As(err, &resp)
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &dnsErr):
		e.Code = fault.CodeUnavailable
		e.Message = fmt.Sprintf("cannot reach the auth URL %s: the host %q does not resolve", url, dnsErr.Name)
		e.Hint = unreachableHint(creds, authURLHint(creds))
	case !isResp && errors.As(err, &opErr):
		e.Code = fault.CodeUnavailable
		e.Message = fmt.Sprintf("cannot reach the auth URL %s: %v", url, opErr.Err)
		e.Hint = unreachableHint(creds, "check the auth URL and the network; "+authURLHint(creds))
	case isResp && resp.Actual == http.StatusUnauthorized:
		e.Code = fault.CodeUnauthenticated
		e.Message, e.Hint = refusedCredentials(creds)
	case isResp && (resp.Actual < 400 || resp.Actual == http.StatusNotFound || resp.Actual == http.StatusMethodNotAllowed):
		// A token request answered 404, or 200 with a web page: not Keystone.
		e.Code = fault.CodeUnauthenticated
		e.Message = fmt.Sprintf("no Keystone v3 at %s (%s %s answered %d)", url, resp.Method, trimURL(resp.URL), resp.Actual)
		e.Hint = authURLHint(creds)
	case isResp && resp.Actual >= 500:
		// The cloud's own trouble: Classify's unavailable says it.
	case errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || isNotKeystone(err):
		e.Code = fault.CodeUnauthenticated
		e.Message = fmt.Sprintf("no Keystone v3 at %s: it does not answer as OpenStack's identity service", url)
		e.Hint = authURLHint(creds)
	case e.Code == fault.CodeInternal:
		e.Code = fault.CodeUnauthenticated
		e.Message = fmt.Sprintf("authenticating at %s failed: %s", url, e.Message)
		e.Hint = authURLHint(creds)
	}
	return e
}

// isNotKeystone recognises gophercloud's words for a server that is not an
// identity service: no version document, or a token answer without a token.
func isNotKeystone(err error) bool {
	m := err.Error()
	for _, s := range []string{"Unable to find a version", "No supported version", "unrecognized identity version", "X-Subject-Token"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// unreachableHint is the hint of an auth URL that cannot be reached: when
// it is one of Infomaniak's own, the URL is right and the way to it is not
// (a person must not be sent to change the default URL when DNS fails);
// else otherwise.
func unreachableHint(creds config.Credentials, otherwise string) string {
	url := strings.TrimSuffix(creds.Auth.IdentityEndpoint, "/")
	for _, known := range infomaniakAuthURLs {
		if url == known {
			return "the auth URL is Infomaniak's own: check this machine's network and DNS, " +
				"and set HTTPS_PROXY if it reaches the internet through a proxy"
		}
	}
	if IsLoopbackURL(url) {
		// A sandbox's entry outlives a sandbox that was killed.
		return "nothing answers there on this machine: if it is the entry of a sandbox, is 'mcp-infomaniak sandbox' still running?"
	}
	return otherwise
}

// IsLoopbackURL reports whether rawURL names this machine by a loopback
// address, as a sandbox's clouds.yaml entry does.
func IsLoopbackURL(rawURL string) bool {
	u, err := neturl.Parse(rawURL)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}

func authURLHint(creds config.Credentials) string {
	h := "the auth URL is Keystone's v3 endpoint, ending in /identity/v3 at Infomaniak: " +
		infomaniakAuthURLs["dc3-a"] + " (region dc3-a) or " + infomaniakAuthURLs["dc4-a"] + " (dc4-a)"
	if creds.Source != "" {
		h += "; it comes from the " + creds.Source
	}
	return h
}

// refusedCredentials explains a 401 from Keystone by the kind of credential.
func refusedCredentials(creds config.Credentials) (msg, hint string) {
	a := creds.Auth
	url := a.IdentityEndpoint
	switch {
	case a.ApplicationCredentialID != "" || a.ApplicationCredentialName != "":
		id := a.ApplicationCredentialID
		if id == "" {
			id = a.ApplicationCredentialName
		}
		msg = fmt.Sprintf("the application credential %s was refused by %s", id, url)
		hint = "it has expired, been revoked (deleted) or its secret is wrong. " +
			"Create a new one from a working login with `openstack application credential create --role member mcp-agent` " +
			"and set its id and secret; each Infomaniak cloud (dc3-a, dc4-a) has its own credentials"
	case a.TokenID != "":
		msg = fmt.Sprintf("the token was refused by %s", url)
		hint = "tokens expire (an hour by default): use an application credential instead, which the server renews tokens from"
	default:
		user := a.Username
		if user == "" {
			user = a.UserID
		}
		msg = fmt.Sprintf("the user %s and its password were refused by %s", user, url)
		hint = "check the password, the user's domain (OS_USER_DOMAIN_NAME, usually Default) and the project " +
			"(OS_PROJECT_NAME, OS_PROJECT_DOMAIN_NAME); an application credential is safer to hand an agent"
	}
	if creds.Source != "" {
		hint += " (credentials from the " + creds.Source + ")"
	}
	return msg, hint
}

// explainMissingEndpoint says what the catalog lacks, naming the regions it has.
func explainMissingEndpoint(service, region string, err error) *fault.Error {
	e := (&fault.Error{Code: fault.CodeUnavailable,
		Message: fmt.Sprintf("the cloud's catalog has no %s endpoint in region %q", service, region),
		Hint:    "check --region (Infomaniak's regions are dc3-a and dc4-a)"}).WithCause(err)
	var me *missingEndpoint
	if !errors.As(err, &me) || len(me.regions) == 0 {
		return e
	}
	e.Details = map[string]any{"region": region, "regions": me.regions}
	if !slices.Contains(me.regions, region) {
		e.Code = fault.CodeInvalidArgument
		e.Message = fmt.Sprintf("region %q does not exist in this cloud; its regions are: %s", region, strings.Join(me.regions, ", "))
		e.Hint = "set the region to one of them (--region, OS_REGION_NAME, INFOMANIAK_REGION or region_name in clouds.yaml)"
		if url, ok := infomaniakAuthURLs[region]; ok {
			e.Hint += fmt.Sprintf("; Infomaniak's %s is a separate cloud: its auth URL is %s, with credentials of its own", region, url)
		}
		return e
	}
	if len(me.serviceRegions) > 0 {
		e.Message += "; it has one in " + strings.Join(me.serviceRegions, ", ")
		e.Hint = "set the region to one of those (--region)"
	} else {
		e.Message = fmt.Sprintf("the cloud's catalog has no %s service in region %q, nor in any other", service, region)
		e.Hint = "this cloud does not offer it to this project (ask its operator); the tools that do not need it work"
	}
	return e
}
