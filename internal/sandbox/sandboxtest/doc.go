// Package sandboxtest holds what the sandbox's black-box tests share, in
// whichever service's package they live: a sandbox on a test clock spoken to
// over HTTP (API), the lab's samples (testdata/openstack) and the ways an
// answer is compared with them, and Debian's openstack CLI run against a
// sandbox. Like net/http/httptest, it is for tests only.
package sandboxtest
