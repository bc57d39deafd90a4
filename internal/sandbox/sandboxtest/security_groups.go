package sandboxtest

// NewGroup makes a Neutron security group and returns its ID.
func (a *API) NewGroup(name string) string {
	a.T.Helper()
	g := a.JSON("POST", "/network/v2.0/security-groups", map[string]any{"security_group": map[string]any{"name": name}}, 201)
	return g["security_group"].(map[string]any)["id"].(string)
}
