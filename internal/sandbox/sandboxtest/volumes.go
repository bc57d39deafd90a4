package sandboxtest

// CinderJSON is JSON for a path of Cinder's API of the sandbox's project
// (Do asks for volume microversion 3.60).
func (a *API) CinderJSON(method, path string, body any, want int) map[string]any {
	a.T.Helper()
	return a.JSON(method, "/volume/v3/"+a.Sandbox.ProjectID()+path, body, want)
}

// NewVolume makes a volume of body's fields and returns its ID.
func (a *API) NewVolume(body map[string]any) string {
	a.T.Helper()
	return a.CinderJSON("POST", "/volumes", map[string]any{"volume": body}, 202)["volume"].(map[string]any)["id"].(string)
}
