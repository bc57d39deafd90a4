package storage

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/ec2credentials"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/mcptool"
	"github.com/mcp-infomaniak/mcp-infomaniak/tools/internal/kit"
)

// s3Endpoints are Infomaniak's S3 APIs by region (AWS SigV4, path-style,
// the region's name as the signature's region).
var s3Endpoints = map[string]string{
	"dc3-a": "https://s3.pub1.infomaniak.cloud",
	"dc4-a": "https://s3.pub2.infomaniak.cloud",
}

// S3Key is an EC2 credential of this project, without its secret.
type S3Key struct {
	Access    string `json:"access"`
	ProjectID string `json:"project_id"`
}

// NewS3Key is a key pair just made, with its secret.
type NewS3Key struct {
	Access string `json:"access"`
	Secret string `json:"secret"`
}

// S3Credentials is get_s3_credentials' result.
type S3Credentials struct {
	Endpoint string    `json:"endpoint,omitempty"`
	Region   string    `json:"region"`
	Keys     []S3Key   `json:"keys"`
	Created  *NewS3Key `json:"created,omitempty"`
	AWSCLI   string    `json:"aws_cli,omitempty" jsonschema_description:"~/.aws/config and ~/.aws/credentials for the aws CLI"`
	Rclone   string    `json:"rclone,omitempty" jsonschema_description:"an rclone.conf section"`
	Note     string    `json:"note,omitempty"`
}

type deleteS3CredentialArgs struct {
	Access string `json:"access" jsonschema:"required,minLength=1"`
}

// DeletedS3Key is delete_s3_credential's result.
type DeletedS3Key struct {
	Success bool   `json:"success"`
	Access  string `json:"access"`
}

// ec2Error words Keystone's refusal of a login by application credential
// (a delegated token), the usual way into Infomaniak's API: S3 keys need
// the user's own login.
func ec2Error(err error) error {
	if err != nil && isStatus(err, 403) && strings.Contains(err.Error(), "Delegated tokens") {
		return fault.Errorf(fault.CodeForbidden, "Keystone does not let an application credential list, make or delete S3 keys (EC2 credentials)").
			WithHint("log in with your user and password (a clouds.yaml entry with username and password) for S3 keys, " +
				"or make them yourself: openstack ec2 credentials create")
	}
	return err
}

// ec2Identity is Keystone's client and the user whose credentials these are.
func ec2Identity(ctx context.Context, s *client.Services) (*gophercloud.ServiceClient, string, error) {
	idn, err := s.Need(ctx, client.Identity)
	if err != nil {
		return nil, "", err
	}
	auth, ok := idn.ProviderClient.GetAuthResult().(tokens.CreateResult)
	if !ok {
		return nil, "", fault.Errorf(fault.CodeInternal, "the login did not say which user this is")
	}
	user, err := auth.ExtractUser()
	if err != nil {
		return nil, "", err
	}
	return idn, user.ID, nil
}

// s3Endpoint is the region's S3 API: the catalog's s3 service, else on
// Infomaniak's cloud its own by region, else unknown ("").
func s3Endpoint(s *client.Services, idn *gophercloud.ServiceClient) string {
	region := s.Cloud.Region()
	u, err := idn.ProviderClient.EndpointLocator(gophercloud.EndpointOpts{Type: "s3", Region: region, Availability: gophercloud.AvailabilityPublic})
	if err == nil {
		return strings.TrimSuffix(u, "/")
	}
	if h, err := url.Parse(idn.Endpoint); err == nil && strings.HasSuffix(h.Hostname(), ".infomaniak.cloud") {
		return s3Endpoints[region]
	}
	return ""
}

// s3Keys are the user's key pairs of this project, and where S3 answers.
func s3Keys(ctx context.Context, s *client.Services) (S3Credentials, *gophercloud.ServiceClient, string, error) {
	idn, user, err := ec2Identity(ctx, s)
	if err != nil {
		return S3Credentials{}, nil, "", err
	}
	out := S3Credentials{Endpoint: s3Endpoint(s, idn), Region: s.Cloud.Region(), Keys: []S3Key{}}
	all, err := kit.All(ctx, ec2credentials.List(idn, user), ec2credentials.ExtractCredentials)
	if err != nil {
		return S3Credentials{}, nil, "", ec2Error(err)
	}
	for _, c := range all {
		if c.TenantID == s.ProjectID {
			out.Keys = append(out.Keys, S3Key{Access: c.Access, ProjectID: c.TenantID})
		}
	}
	if out.Endpoint == "" {
		out.Note = "this cloud's catalog names no S3 endpoint (no s3 service in region " + out.Region + "): its S3 API is unknown"
	}
	return out, idn, user, nil
}

func getS3Credentials() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "get_s3_credentials", Title: "Get S3 keys", Effect: mcptool.Read,
		Description: "The S3 keys (Keystone EC2 credentials) of this project, without their secrets, " +
			"with the region's S3 endpoint and an aws CLI and rclone configuration to complete."},
		func(ctx context.Context, s *client.Services, _ struct{}) (S3Credentials, error) {
			out, _, _, err := s3Keys(ctx, s)
			if err != nil || out.Endpoint == "" {
				return out, err
			}
			if len(out.Keys) == 0 {
				out.Note = "this project has no S3 key: create_s3_credentials makes one"
				return out, nil
			}
			out.AWSCLI, out.Rclone = s3Config(out.Endpoint, out.Region, out.Keys[0].Access, "SECRET")
			out.Note = "a secret is shown only when its key is made: put yours for SECRET, or make a new key pair (create_s3_credentials)"
			return out, nil
		})
}

func createS3Credentials() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "create_s3_credentials", Title: "Create S3 keys", Effect: mcptool.Write,
		Description: "Make an S3 key pair (a Keystone EC2 credential) for this project. Returns the new key pair, its secret shown this once, " +
			"with the region's S3 endpoint and a ready aws CLI and rclone configuration."},
		func(ctx context.Context, s *client.Services, _ struct{}) (S3Credentials, error) {
			out, idn, user, err := s3Keys(ctx, s)
			if err != nil {
				return out, err
			}
			c, err := ec2credentials.Create(ctx, idn, user, ec2credentials.CreateOpts{TenantID: s.ProjectID}).Extract()
			if err != nil {
				return S3Credentials{}, ec2Error(err)
			}
			out.Created = &NewS3Key{Access: c.Access, Secret: c.Secret}
			out.Keys = append(out.Keys, S3Key{Access: c.Access, ProjectID: c.TenantID})
			if out.Endpoint != "" {
				out.AWSCLI, out.Rclone = s3Config(out.Endpoint, out.Region, c.Access, c.Secret)
				out.Note = "the secret is shown this once: keep it now"
			}
			return out, nil
		})
}

// s3Config is the aws CLI's and rclone's configuration for one key pair:
// path-style requests, the region's name in the signature.
func s3Config(endpoint, region, access, secret string) (aws, rclone string) {
	aws = fmt.Sprintf("# ~/.aws/config\n[profile infomaniak]\nregion = %s\nendpoint_url = %s\ns3 =\n  addressing_style = path\n"+
		"# ~/.aws/credentials\n[infomaniak]\naws_access_key_id = %s\naws_secret_access_key = %s\n"+
		"# then: aws --profile infomaniak s3 ls\n", region, endpoint, access, secret)
	rclone = fmt.Sprintf("[infomaniak]\ntype = s3\nprovider = Other\naccess_key_id = %s\nsecret_access_key = %s\n"+
		"endpoint = %s\nregion = %s\nforce_path_style = true\n", access, secret, endpoint, region)
	return aws, rclone
}

func deleteS3Credential() mcptool.Tool {
	return kit.Tool(mcptool.Def{Name: "delete_s3_credential", Title: "Delete an S3 key", Effect: mcptool.Destructive, Idempotent: true,
		Description: "Delete an S3 key pair (an EC2 credential): whatever uses it loses access. Returns {success, access}.",
		Ask: kit.Ask(func(ctx context.Context, s *client.Services, a deleteS3CredentialArgs) (string, error) {
			c, err := findS3Key(ctx, s, a.Access)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Delete S3 key %s of project %s? Every tool configured with it (aws CLI, rclone, backups) loses access.",
				c.Access, c.TenantID), nil
		})},
		func(ctx context.Context, s *client.Services, a deleteS3CredentialArgs) (DeletedS3Key, error) {
			if _, err := findS3Key(ctx, s, a.Access); err != nil {
				return DeletedS3Key{}, err
			}
			idn, user, err := ec2Identity(ctx, s)
			if err != nil {
				return DeletedS3Key{}, err
			}
			if err := ec2credentials.Delete(ctx, idn, user, a.Access).ExtractErr(); err != nil && !isStatus(err, 404) {
				return DeletedS3Key{}, ec2Error(err)
			}
			return DeletedS3Key{Success: true, Access: a.Access}, nil
		})
}

// findS3Key is the user's key pair of that access key.
func findS3Key(ctx context.Context, s *client.Services, access string) (*ec2credentials.Credential, error) {
	idn, user, err := ec2Identity(ctx, s)
	if err != nil {
		return nil, err
	}
	c, err := ec2credentials.Get(ctx, idn, user, access).Extract()
	if err != nil {
		return nil, ec2Error(notFound(err, "S3 key "+access, "get_s3_credentials lists this project's keys"))
	}
	return c, nil
}
