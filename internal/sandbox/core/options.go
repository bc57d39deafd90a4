package core

import "time"

// Options configure a sandbox. The zero value is a usable cloud.
type Options struct {
	Region   string // default "dc3-a"
	Username string // default "sandbox"
	Password string // default "sandbox-password"
	Project  string // default "sandbox"
	// AppCredentialID and AppCredentialSecret form a second way in.
	AppCredentialID     string // default "sandbox-app-credential"
	AppCredentialSecret string // default "sandbox-app-secret"

	TokenTTL time.Duration // default 1 h, like Keystone's

	// Status clocks: how long a resource stays in a transitional state.
	BuildDelay  time.Duration // server BUILD → ACTIVE; default 2 s
	ActionDelay time.Duration // stop, start, reboot, delete, volume transitions; default 500 ms

	Now func() time.Time // default time.Now

	Faults Faults // injected failures, latency; none by default

	// Without are services this sandbox does not run (by name, as
	// ServiceNames lists them, or catalog type): they are not in the
	// catalog, and their paths answer 404, as on a cloud without them.
	Without []string
}

func (o *Options) defaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.Region, "dc3-a")
	def(&o.Username, "sandbox")
	def(&o.Password, "sandbox-password")
	def(&o.Project, "sandbox")
	def(&o.AppCredentialID, "sandbox-app-credential")
	def(&o.AppCredentialSecret, "sandbox-app-secret")
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.BuildDelay <= 0 {
		o.BuildDelay = 2 * time.Second
	}
	if o.ActionDelay <= 0 {
		o.ActionDelay = 500 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}
