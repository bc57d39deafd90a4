package nova

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// Nova servers: list (with the name and status filters and limit/marker),
// show, create, delete and the actions our tools use (os-start, os-stop,
// reboot, forceDelete). Answers follow the lab's samples
// (testdata/openstack/nova-server-*.json).
func (s *api) routeServers(mux *http.ServeMux) {
	mux.HandleFunc("GET /compute/v2.1/servers", s.Authed(s.listServers(false)))
	mux.HandleFunc("GET /compute/v2.1/servers/detail", s.Authed(s.listServers(true)))
	mux.HandleFunc("POST /compute/v2.1/servers", s.Authed(s.createServer))
	mux.HandleFunc("GET /compute/v2.1/servers/{id}", s.Authed(s.onServer(s.getServer)))
	mux.HandleFunc("DELETE /compute/v2.1/servers/{id}", s.Authed(s.deleteServer))
	mux.HandleFunc("POST /compute/v2.1/servers/{id}/action", s.Authed(s.serverAction))
}

func serverLinks(r *http.Request, id string) []map[string]string {
	return []map[string]string{
		{"rel": "self", "href": core.BaseURL(r) + "/compute/v2.1/servers/" + id},
		{"rel": "bookmark", "href": core.BaseURL(r) + "/compute/servers/" + id},
	}
}

// serverJSON is a server as GET /servers/{id} (single) or /servers/detail
// shows it at microversion mv. Callers hold s.Mu.
func (s *api) serverJSON(r *http.Request, sv *Server, mv string, single bool) map[string]any {
	now := s.Now()
	status := sv.status()
	var task any
	if sv.TaskState != "" {
		task = sv.TaskState
	}
	if sv.Op != nil {
		if step := sv.Op.step(now); step != "" {
			task = step
		}
	}
	nullable := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format("2006-01-02T15:04:05.000000")
	}
	image := any("")
	if sv.ImageID != "" {
		image = map[string]any{"id": sv.ImageID, "links": []map[string]string{
			{"rel": "bookmark", "href": core.BaseURL(r) + "/compute/images/" + sv.ImageID}}}
	}
	var flavorView map[string]any
	if core.VersionLE("2.47", mv) {
		flavorView = map[string]any{"vcpus": 0, "ram": 0, "disk": 0, "ephemeral": 0, "swap": 0,
			"original_name": sv.FlavorID, "extra_specs": map[string]string{}}
		if f := s.db.FlavorByID(sv.FlavorID); f != nil {
			flavorView["vcpus"], flavorView["ram"], flavorView["disk"] = f.VCPUs, f.RAM, f.Disk
			flavorView["ephemeral"], flavorView["original_name"] = f.Ephemeral, f.Name
		}
	} else {
		flavorView = map[string]any{"id": sv.FlavorID, "links": []map[string]string{
			{"rel": "bookmark", "href": core.BaseURL(r) + "/compute/flavors/" + sv.FlavorID}}}
	}
	addresses := map[string][]map[string]any{}
	if sv.VMState != "building" {
		addresses = s.db.network.NovaAddresses(sv.ID)
	}
	var keyName any
	if sv.KeyName != "" {
		keyName = sv.KeyName
	}
	metadata := sv.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	volumes := []map[string]any{}
	for _, a := range s.db.volume.VolumesAttachedTo(sv.ID) {
		v := map[string]any{"id": a.ID}
		if core.VersionLE("2.3", mv) {
			v["delete_on_termination"] = a.DeleteOnTermination
		}
		volumes = append(volumes, v)
	}
	m := map[string]any{
		"id": sv.ID, "name": sv.Name, "status": status,
		"tenant_id": s.ProjectID(), "user_id": s.UserID(), "metadata": metadata,
		"hostId": sv.HostID, "image": image, "flavor": flavorView,
		"created": core.Timestamp(sv.Created), "updated": core.Timestamp(sv.Updated),
		"addresses": addresses, "accessIPv4": "", "accessIPv6": "",
		"links": serverLinks(r, sv.ID), "OS-DCF:diskConfig": "MANUAL",
		"OS-EXT-AZ:availability_zone": sv.Zone, "config_drive": "", "key_name": keyName,
		"OS-SRV-USG:launched_at": nullable(sv.Launched), "OS-SRV-USG:terminated_at": nil,
		"OS-EXT-STS:task_state": task, "OS-EXT-STS:vm_state": sv.VMState, "OS-EXT-STS:power_state": sv.PowerState,
		"os-extended-volumes:volumes_attached": volumes,
	}
	switch status {
	case "ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING":
		m["progress"] = 0
	}
	if sv.VMState != "building" {
		// Nova shows the groups once the network is allocated (not in BUILD).
		m["security_groups"] = s.db.network.NovaSecurityGroups(sv.ID)
	}
	if sv.Fault != nil && sv.VMState == "error" {
		m["fault"] = map[string]any{"code": sv.Fault.Code, "message": sv.Fault.Message, "created": core.Timestamp(sv.Fault.Created)}
	}
	if core.VersionLE("2.9", mv) {
		m["locked"] = sv.Locked
	}
	if core.VersionLE("2.19", mv) {
		m["description"] = sv.Description
	}
	if core.VersionLE("2.26", mv) {
		m["tags"] = sv.tagList()
	}
	if core.VersionLE("2.90", mv) {
		m["OS-EXT-SRV-ATTR:hostname"] = sv.Hostname
	}
	if core.VersionLE("2.63", mv) {
		m["trusted_image_certificates"] = nil
	}
	if core.VersionLE("2.73", mv) {
		m["locked_reason"] = sv.LockedReason
	}
	if single && core.VersionLE("2.71", mv) {
		m["server_groups"] = []string{}
	}
	return m
}

// serverStatuses are the values Nova's status filter knows.
var serverStatuses = map[string]bool{
	"ACTIVE": true, "BUILD": true, "DELETED": true, "ERROR": true, "HARD_REBOOT": true, "MIGRATING": true,
	"PASSWORD": true, "PAUSED": true, "REBOOT": true, "REBUILD": true, "RESCUE": true, "RESIZE": true,
	"REVERT_RESIZE": true, "SHELVED": true, "SHELVED_OFFLOADED": true, "SHUTOFF": true, "SOFT_DELETED": true,
	"SUSPENDED": true, "UNKNOWN": true, "VERIFY_RESIZE": true,
}

func (s *api) listServers(detail bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
		if !ok {
			return
		}
		if !serverFiltersServed(w, r, mv) {
			return
		}
		q := r.URL.Query()
		var nameRE *regexp.Regexp
		if n := q.Get("name"); n != "" {
			// Nova hands the name to the database as a regular expression
			// (MySQL REGEXP): it matches anywhere unless anchored, and
			// case aside, as the collation compares
			// (nova-servers-name-filter-case.json).
			re, err := regexp.Compile("(?i)" + n)
			if err != nil {
				core.Fault(w, http.StatusBadRequest, "Invalid input for query parameters name. Value: %s.", n)
				return
			}
			nameRE = re
		}
		status := strings.ToUpper(q.Get("status"))
		if status != "" && !serverStatuses[status] {
			if core.VersionLE("2.38", mv) {
				core.Fault(w, http.StatusBadRequest, "Invalid status value")
			} else {
				core.WriteJSON(w, http.StatusOK, map[string]any{"servers": []any{}})
			}
			return
		}
		s.Mu.Lock()
		defer s.Mu.Unlock()
		s.db.compute.Tick()
		var all []*Server
		for _, sv := range s.db.compute.sortedServers() {
			if nameRE != nil && !nameRE.MatchString(sv.Name) {
				continue
			}
			if status != "" && sv.status() != status {
				continue
			}
			all = append(all, sv)
		}
		all, full, ok := novaPage(w, r, all, s.db.compute.afterServer(w, all))
		if !ok {
			return
		}
		out := make([]map[string]any, len(all))
		for i, sv := range all {
			if detail {
				out[i] = s.serverJSON(r, sv, mv, false)
			} else {
				out[i] = map[string]any{"id": sv.ID, "name": sv.Name, "links": serverLinks(r, sv.ID)}
			}
		}
		body := map[string]any{"servers": out}
		if full {
			body["servers_links"] = core.NextLink(r, all[len(all)-1].ID)
		}
		core.WriteJSON(w, http.StatusOK, body)
	}
}

func (s *api) getServer(w http.ResponseWriter, r *http.Request, sv *Server, mv string) {
	core.WriteJSON(w, http.StatusOK, map[string]any{"server": s.serverJSON(r, sv, mv, true)})
}

// createRequest is the body of POST /servers, with every key Nova's schema
// allows at the microversions we serve; any other key is a 400, as in Nova.
type createRequest struct {
	Server *struct {
		Name             *string                 `json:"name"`
		ImageRef         *string                 `json:"imageRef"`
		FlavorRef        *string                 `json:"flavorRef"`
		Networks         json.RawMessage         `json:"networks"`
		KeyName          *string                 `json:"key_name"`
		SecurityGroups   []struct{ Name string } `json:"security_groups"`
		UserData         *string                 `json:"user_data"`
		AvailabilityZone *string                 `json:"availability_zone"`
		Metadata         map[string]string       `json:"metadata"`
		MinCount         *int                    `json:"min_count"`
		MaxCount         *int                    `json:"max_count"`
		ConfigDrive      any                     `json:"config_drive"`
		AdminPass        *string                 `json:"adminPass"`
		AccessIPv4       *string                 `json:"accessIPv4"`
		AccessIPv6       *string                 `json:"accessIPv6"`
		Description      *string                 `json:"description"`
		Tags             []string                `json:"tags"`
		DiskConfig       *string                 `json:"OS-DCF:diskConfig"`
		ReturnResID      *bool                   `json:"return_reservation_id"`
		BDM              json.RawMessage         `json:"block_device_mapping_v2"`
		Personality      json.RawMessage         `json:"personality"`
		Hostname         *string                 `json:"hostname"`
	} `json:"server"`
	Hints json.RawMessage `json:"os:scheduler_hints"`
}

// userDataMax is Nova's limit on user_data, base64-encoded.
const userDataMax = 65535

func (s *api) createServer(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	var req createRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: %v", err)
		return
	}
	sr := req.Server
	if sr == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: None. 'server' is a required property")
		return
	}
	if sr.Name == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: {...}. 'name' is a required property")
		return
	}
	if msg := novaNameFault(*sr.Name); msg != "" {
		core.Fault(w, http.StatusBadRequest, "%s", msg)
		return
	}
	if sr.FlavorRef == nil || *sr.FlavorRef == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute flavorRef. Value: None. 'flavorRef' is a required property")
		return
	}
	boot, ok := bootDeviceOf(w, r, sr.BDM)
	if !ok {
		return
	}
	imageRef := ""
	if sr.ImageRef != nil {
		imageRef = novaRef(*sr.ImageRef)
	}
	if boot != nil {
		imageRef = boot.ImageID
	} else if imageRef == "" {
		core.Fault(w, http.StatusBadRequest, "Missing imageRef attribute")
		return
	}
	if (sr.MinCount != nil && *sr.MinCount != 1) || (sr.MaxCount != nil && *sr.MaxCount != 1) {
		core.NotServed(w, r, "min_count and max_count other than 1 (one server per request)")
		return
	}
	if !s.createFieldsAt(w, r, mv, &req) {
		return
	}
	userData := ""
	if sr.UserData != nil {
		userData = *sr.UserData
		if len(userData) > userDataMax {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute user_data. Value: %.20s.... is too long", userData)
			return
		}
		if _, err := base64.StdEncoding.DecodeString(userData); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute user_data. Value: %.20s. '%.20s' is not a 'base64'", userData, userData)
			return
		}
	}

	s.Mu.Lock()
	defer s.Mu.Unlock()
	db := s.db
	c := &db.compute
	c.Tick()
	flavorRef := novaRef(*sr.FlavorRef)
	f := db.FlavorByID(flavorRef)
	if f == nil {
		core.Fault(w, http.StatusBadRequest, "Flavor %s could not be found.", flavorRef)
		return
	}
	img := glance.ByID(s.Cloud, imageRef)
	if img == nil && boot != nil {
		core.Fault(w, http.StatusBadRequest, "Block Device Mapping is Invalid: failed to get image %s.", imageRef)
		return
	}
	if img == nil {
		core.Fault(w, http.StatusBadRequest, "Image %s could not be found.", imageRef)
		return
	}
	if img.Status != "active" {
		core.Fault(w, http.StatusBadRequest, "Image %s is not active.", img.ID)
		return
	}
	if boot == nil && f.Disk > 0 && f.Disk < img.MinDisk { // a boot volume has its own size
		core.Fault(w, http.StatusBadRequest, "Flavor's disk is too small for requested image. Flavor disk is %d bytes, minimum required by image is %d bytes.",
			int64(f.Disk)<<30, int64(img.MinDisk)<<30)
		return
	}
	if f.RAM < img.MinRAM {
		core.Fault(w, http.StatusBadRequest, "Flavor's memory is too small for requested image.")
		return
	}
	if msg := c.admitServer(f); msg != "" {
		core.Fault(w, http.StatusForbidden, "%s", msg)
		return
	}
	nets, ok := s.requestedNetworks(w, r, sr.Networks, mv)
	if !ok {
		return
	}
	keyName := ""
	if sr.KeyName != nil && *sr.KeyName != "" {
		if c.keypairByName(*sr.KeyName) == nil {
			core.Fault(w, http.StatusBadRequest, "Invalid key_name provided.")
			return
		}
		keyName = *sr.KeyName
	}
	groups := []string{}
	var groupIDs []string
	for _, g := range sr.SecurityGroups {
		id, status, msg := db.network.FindGroup(g.Name)
		if status != 0 {
			core.Fault(w, status, "%s", msg)
			return
		}
		if !slices.Contains(groups, g.Name) {
			groups = append(groups, g.Name)
		}
		if !slices.Contains(groupIDs, id) {
			groupIDs = append(groupIDs, id)
		}
	}
	if len(groups) == 0 {
		groups, groupIDs = []string{"default"}, []string{db.network.DefaultGroup().ID}
	}
	zone := ""
	if sr.AvailabilityZone != nil && *sr.AvailabilityZone != "" {
		zone = *sr.AvailabilityZone
		if !slices.Contains(s.Zones(), zone) {
			core.Fault(w, http.StatusBadRequest, "The requested availability zone is not available")
			return
		}
	}
	now := s.Now()
	sv := &Server{ID: core.NewID(), Name: *sr.Name, Created: now, Updated: now,
		FlavorID: f.ID, ImageID: img.ID, KeyName: keyName, RequestedZone: zone,
		SecurityGroups: groups, UserData: userData, Metadata: sr.Metadata,
		VMState: "building", PowerState: powerNoState,
		Description: sr.Description, Tags: core.UniqueTags(sr.Tags), Hostname: serverHostname(*sr.Name)}
	if sr.Hostname != nil {
		sv.Hostname = *sr.Hostname
	}
	if boot != nil {
		sv.ImageID = "" // Nova shows a server booted from a volume with no image
		if status, msg := s.createBootVolume(sv, boot, img, f); msg != "" {
			core.Fault(w, status, "%s", msg)
			return
		}
	}
	if g := s.hintedGroup(req.Hints); g != nil {
		z, ok := s.groupZone(g)
		if sv.RequestedZone == "" {
			sv.RequestedZone = z
		}
		if !ok {
			sv.BuildFault = "No valid host was found. There are not enough hosts available."
		}
		g.Members = append(g.Members, sv.ID)
	}
	for _, n := range nets {
		port := ""
		if n.Attachable() {
			port = db.network.CreatePort(n, sv.ID, zone, groupIDs).ID
		}
		sv.NICs = append(sv.NICs, nic{NetworkID: n.ID, PortID: port})
	}
	c.begin(sv, "build", "scheduling", s.Options().BuildDelay)
	c.Servers = append(c.Servers, sv)

	groupsJSON := make([]map[string]string, len(groups))
	for i, g := range groups {
		groupsJSON[i] = map[string]string{"name": g}
	}
	w.Header().Set("Location", core.BaseURL(r)+"/compute/v2.1/servers/"+sv.ID)
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"server": map[string]any{
		"id": sv.ID, "links": serverLinks(r, sv.ID), "OS-DCF:diskConfig": "MANUAL",
		"security_groups": groupsJSON, "adminPass": novaAdminPass()}})
}

// requestedNetworks reads the networks of a create request: a list of
// {"uuid"} (ports and fixed IPs are not served), "auto" or "none". From
// microversion 2.37 Nova requires the key. Callers hold s.Mu.
func (s *api) requestedNetworks(w http.ResponseWriter, r *http.Request, raw json.RawMessage, mv string) ([]*neutron.Network, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		if core.VersionLE("2.37", mv) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute server. Value: {...}. 'networks' is a required property")
			return nil, false
		}
		raw = json.RawMessage(`"auto"`)
	}
	var word string
	if json.Unmarshal(raw, &word) == nil {
		switch word {
		case "none":
			return nil, true
		case "auto":
			for _, n := range s.db.network.Networks {
				if n.Shared && !n.External {
					return []*neutron.Network{n}, true
				}
			}
			core.Fault(w, http.StatusBadRequest, "Unable to automatically allocate a network for project %s", s.ProjectID())
			return nil, false
		}
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute networks. Value: %s. %q is not one of ['none', 'auto']", word, word)
		return nil, false
	}
	var list []struct {
		UUID    string `json:"uuid"`
		Port    string `json:"port"`
		FixedIP string `json:"fixed_ip"`
		Tag     string `json:"tag"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute networks. Value: %s.", raw)
		return nil, false
	}
	var out []*neutron.Network
	for _, e := range list {
		if e.Port != "" || e.FixedIP != "" {
			core.NotServed(w, r, "a server's network given by port or fixed_ip (networks take a uuid)")
			return nil, false
		}
		if !core.IsID(e.UUID) {
			core.Fault(w, http.StatusBadRequest, "Bad networks format: network uuid is not in proper format (%s)", e.UUID)
			return nil, false
		}
		n := s.db.network.NetworkByID(e.UUID)
		if n == nil {
			core.Fault(w, http.StatusBadRequest, "Network %s could not be found.", e.UUID)
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

func (s *api) deleteServer(w http.ResponseWriter, r *http.Request) {
	if _, ok := core.Microversion(w, r, "compute", computeMin, computeMax); !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	c := &s.db.compute
	sv := core.Found(w, r, "Instance", c.serverByID)
	if sv == nil || !s.unlocked(w, sv) {
		return
	}
	// Nova deletes in any vm_state and task_state; a second delete while
	// one runs is accepted too.
	if sv.Op == nil || sv.Op.Kind != "delete" {
		c.begin(sv, "delete", "deleting", s.Options().ActionDelay)
	}
	w.WriteHeader(http.StatusNoContent)
}

// serverAction serves POST /servers/{id}/action for os-start, os-stop,
// reboot and forceDelete, with Nova's state checks: an action in a state
// that does not allow it is a 409 conflictingRequest.
func (s *api) serverAction(w http.ResponseWriter, r *http.Request) {
	mv, ok := core.Microversion(w, r, "compute", computeMin, computeMax)
	if !ok {
		return
	}
	action, arg, ok := core.OneAction(w, r)
	if !ok {
		return
	}
	s.Mu.Lock()
	defer s.Mu.Unlock()
	c := &s.db.compute
	sv := core.Found(w, r, "Instance", c.serverByID)
	if sv == nil {
		return
	}
	if slices.Contains(lockedRefuses, action) && !s.unlocked(w, sv) {
		return
	}
	// check refuses the action unless the server's vm_state is one of vm
	// and then its task_state one of tasks ("" is none), as Nova's
	// check_instance_state does (nova-server-stop-building-409.txt).
	check := func(name string, vm []string, tasks ...string) bool {
		return !refuseState(w, sv, name, vm, tasks...)
	}
	// hosted refuses stop and start before the scheduler has given the
	// server a host, as Nova's check_instance_host does
	// (nova-server-stop-not-ready-409.txt).
	hosted := func() bool {
		if sv.VMState == "building" && sv.TaskState == "scheduling" {
			core.Fault(w, http.StatusConflict, "Instance %s is not ready", sv.ID)
			return false
		}
		return true
	}
	d := s.Options().ActionDelay
	switch action {
	case "os-stop":
		if !hosted() || !check("stop", []string{"active", "error"}) {
			return
		}
		c.begin(sv, "stop", "powering-off", d)
	case "os-start":
		if !hosted() || !check("start", []string{"stopped"}) {
			return
		}
		c.begin(sv, "start", "powering-on", d)
	case "reboot":
		var rb struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(arg, &rb); err != nil || (rb.Type != "SOFT" && rb.Type != "HARD") {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute type. Value: %s. %q is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']", rb.Type, rb.Type)
			return
		}
		if rb.Type == "SOFT" {
			if !check("reboot", []string{"active"}) {
				return
			}
			c.begin(sv, "reboot", "rebooting", d)
		} else {
			if !check("reboot", []string{"active", "stopped", "error"}, "", "rebooting", "reboot_pending", "reboot_started", "rebooting_hard") {
				return
			}
			c.begin(sv, "reboot_hard", "rebooting_hard", d)
		}
	case "forceDelete":
		const rule = "os_compute_api:os-deferred-delete:force"
		if s.Denied(rule) {
			core.Fault(w, http.StatusForbidden, "Policy doesn't allow %s to be performed.", rule)
			return
		}
		if !check("forceDelete", []string{"active", "building", "stopped", "error"}) {
			return
		}
		c.begin(sv, "delete", "deleting", d)
	default:
		if h := serverActions[action]; h != nil {
			h(s, w, r, sv, arg)
			return
		}
		if h := serverActionsAt[action]; h != nil {
			h(s, w, r, mv, sv, arg)
			return
		}
		core.NoSuchAction(w, r, action, novaActions)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// serverActions are the actions other files serve (console output, security
// groups); each answers by itself. Called with s.Mu held.
var serverActions = map[string]func(s *api, w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage){}

// serverActionsAt are actions that need the request and its microversion
// (rebuild answers the server's view). Called with s.Mu held.
var serverActionsAt = map[string]func(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage){}

// novaRef is the ID in a reference that may be a URL (Nova accepts both).
func novaRef(ref string) string {
	if i := strings.LastIndex(ref, "/"); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

func novaAdminPass() string {
	const chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b[:])
}
