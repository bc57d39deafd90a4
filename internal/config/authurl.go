package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
)

// splitAuthURL takes the userinfo out of an auth URL
// (https://user:pass@host/identity/v3): the URL every log line, error and
// hint may show is the one without it. The userinfo is kept apart, to be
// sent as basic authentication to the auth URL's host only.
func splitAuthURL(raw string) (clean string, user *url.Userinfo, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL
		}
		return "", nil, fmt.Errorf("the auth URL %s is not a URL: %v", RedactURLs(raw), err)
	}
	user, u.User = u.User, nil
	return u.String(), user, nil
}

// userinfoInURL matches a URL's scheme and userinfo, up to its last '@'.
var userinfoInURL = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^\s"'<>@]*@`)

// RedactURLs replaces the userinfo of every URL in s with [redacted].
func RedactURLs(s string) string {
	return userinfoInURL.ReplaceAllString(s, "${1}[redacted]@")
}
