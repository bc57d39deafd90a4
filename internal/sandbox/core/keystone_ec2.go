package core

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Keystone's EC2 credentials of the sandbox's user (the keys of S3 and
// its SigV4 signatures): list, create for a project, show and delete, at
// /v3/users/{user_id}/credentials/OS-EC2. Keystone shows the secret in
// every answer to the user. Answers follow keystone-ec2-*.
func (s *Cloud) routeEC2(mux *http.ServeMux) {
	p := "/identity/v3/users/{user}/credentials/OS-EC2"
	mux.HandleFunc("GET "+p, s.Authed(s.ec2Owner(s.listEC2)))
	mux.HandleFunc("POST "+p, s.Authed(s.ec2Owner(s.createEC2)))
	mux.HandleFunc("GET "+p+"/{access}", s.Authed(s.ec2Owner(s.getEC2)))
	mux.HandleFunc("DELETE "+p+"/{access}", s.Authed(s.ec2Owner(s.deleteEC2)))
}

type ec2Credential struct{ access, secret, project string }

// keystoneFault answers as Keystone does: {"error": {code, message, title}}.
func keystoneFault(w http.ResponseWriter, status int, format string, args ...any) {
	WriteJSON(w, status, map[string]any{"error": map[string]any{
		"code": status, "message": fmt.Sprintf(format, args...), "title": http.StatusText(status)}})
}

// ec2Owner lets the user reach only their own credentials, as Keystone's
// policy (identity:ec2_*: the owner or an admin) does, and not with a
// token an application credential got (Keystone's delegated tokens).
func (s *Cloud) ec2Owner(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.PathValue("access") == "" && s.refuseDelegated(w, r) {
			return // the list; one credential is looked up first (keystone-ec2-appcred-*)
		}
		if r.PathValue("user") != s.userID {
			action := map[string]string{"GET": "ec2_list_credentials", "POST": "ec2_create_credential", "DELETE": "ec2_delete_credential"}[r.Method]
			keystoneFault(w, http.StatusForbidden, "You are not authorized to perform the requested action: identity:%s.", action)
			return
		}
		h(w, r)
	}
}

func (s *Cloud) ec2JSON(r *http.Request, c ec2Credential) map[string]any {
	return map[string]any{"user_id": s.userID, "tenant_id": c.project, "access": c.access, "secret": c.secret,
		"trust_id": nil, "links": map[string]any{"self": BaseURL(r) + "/identity/v3/users/" + s.userID + "/credentials/OS-EC2/" + c.access}}
}

func (s *Cloud) listEC2(w http.ResponseWriter, r *http.Request) {
	s.Mu.Lock()
	creds := slices.Clone(s.ec2)
	s.Mu.Unlock()
	out := make([]map[string]any, len(creds))
	for i, c := range creds {
		out[i] = s.ec2JSON(r, c)
	}
	WriteJSON(w, http.StatusOK, map[string]any{"credentials": out, "links": map[string]any{
		"self": BaseURL(r) + "/identity/v3/users/" + s.userID + "/credentials/OS-EC2", "previous": nil, "next": nil}})
}

func (s *Cloud) createEC2(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TenantID string `json:"tenant_id"`
	}
	if !Decode(w, r, &req) {
		return
	}
	if req.TenantID == "" {
		keystoneFault(w, http.StatusBadRequest, "Invalid input for field 'tenant_id': None is not of type 'string'")
		return
	}
	if req.TenantID != s.projectID {
		keystoneFault(w, http.StatusNotFound, "Could not find project: %s.", req.TenantID)
		return
	}
	if s.refuseDelegated(w, r) {
		return
	}
	c := ec2Credential{access: strings.ReplaceAll(NewID(), "-", ""), secret: strings.ReplaceAll(NewID(), "-", ""), project: req.TenantID}
	s.Mu.Lock()
	s.ec2 = append(s.ec2, c)
	s.Mu.Unlock()
	WriteJSON(w, http.StatusCreated, map[string]any{"credential": s.ec2JSON(r, c)})
}

// ec2NotFound is Keystone's 404, which names the credential by its
// internal ID: the SHA-256 of the access key.
func ec2NotFound(w http.ResponseWriter, access string) {
	sum := sha256.Sum256([]byte(access))
	keystoneFault(w, http.StatusNotFound, "Could not find credential: %s.", hex.EncodeToString(sum[:]))
}

func (s *Cloud) getEC2(w http.ResponseWriter, r *http.Request) {
	access := r.PathValue("access")
	s.Mu.Lock()
	i := slices.IndexFunc(s.ec2, func(c ec2Credential) bool { return c.access == access })
	var c ec2Credential
	if i >= 0 {
		c = s.ec2[i]
	}
	s.Mu.Unlock()
	if i < 0 {
		ec2NotFound(w, access)
		return
	}
	if s.refuseDelegated(w, r) {
		return
	}
	WriteJSON(w, http.StatusOK, map[string]any{"credential": s.ec2JSON(r, c)})
}

func (s *Cloud) deleteEC2(w http.ResponseWriter, r *http.Request) {
	access := r.PathValue("access")
	s.Mu.Lock()
	known := slices.ContainsFunc(s.ec2, func(c ec2Credential) bool { return c.access == access })
	s.Mu.Unlock()
	if known && s.refuseDelegated(w, r) {
		return
	}
	s.Mu.Lock()
	n := len(s.ec2)
	s.ec2 = slices.DeleteFunc(s.ec2, func(c ec2Credential) bool { return c.access == access })
	gone := len(s.ec2) < n
	s.Mu.Unlock()
	if !gone {
		ec2NotFound(w, access)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// refuseDelegated answers Keystone's 403 to a token an application
// credential got, which may not touch EC2 credentials; true if it did.
func (s *Cloud) refuseDelegated(w http.ResponseWriter, r *http.Request) bool {
	s.Mu.Lock()
	delegated := s.delegated[r.Header.Get("X-Auth-Token")]
	s.Mu.Unlock()
	if delegated {
		keystoneFault(w, http.StatusForbidden, "You are not authorized to perform the requested action: Delegated tokens cannot access credentials directly.")
	}
	return delegated
}

// EC2Secret is the secret of the EC2 credential access, for S3's
// signatures; false when there is none. The caller holds Mu.
func (s *Cloud) EC2Secret(access string) (string, bool) {
	i := slices.IndexFunc(s.ec2, func(c ec2Credential) bool { return c.access == access })
	if i < 0 {
		return "", false
	}
	return s.ec2[i].secret, true
}
