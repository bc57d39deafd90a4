package nova

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// The server actions a project member may use beyond stop, start and
// reboot: pause and unpause, suspend and resume, lock and unlock, rescue and
// unrescue, rebuild. Each checks the server's state as Nova's
// check_instance_state does, moves through Nova's task_state and ends in the
// vm_state and power_state the lab's shows (testdata/openstack/
// nova-server-pause*, -suspend*, -lock*, -rescue*, -rebuild*).
func init() {
	for name, t := range simpleTransitions {
		serverActionsAt[name] = func(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage) {
			if !s.check(w, sv, name, t.from) {
				return
			}
			s.db.compute.begin(sv, t.kind, t.task, s.Options().ActionDelay)
			w.WriteHeader(http.StatusAccepted)
		}
		opEnds[t.kind] = t.end
	}
	serverActionsAt["lock"] = lockServer
	serverActionsAt["unlock"] = func(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage) {
		sv.Locked, sv.LockedReason = false, nil
		s.recordInstant(sv, "unlock", "api_unlock")
		w.WriteHeader(http.StatusAccepted)
	}
	serverActionsAt["rescue"] = rescueServer
	serverActionsAt["rebuild"] = rebuildServer
	opEnds["rescue"] = func(sv *Server) { sv.VMState, sv.PowerState = "rescued", powerShutdown }
	opEnds["rebuild"] = func(sv *Server) {
		if sv.VMState != "stopped" {
			sv.VMState, sv.PowerState = "active", powerRunning
		}
	}
	opSteps["rebuild"] = []string{"rebuilding", "rebuild_block_device_mapping", "rebuild_spawning"}
}

// transition is an action that moves a server from one of the vm_states
// from, through task, to where end puts it.
type transition struct {
	kind, task string
	from       []string
	end        func(*Server)
}

var simpleTransitions = map[string]transition{
	"pause":    {"pause", "pausing", []string{"active"}, func(sv *Server) { sv.VMState = "paused" }},
	"unpause":  {"unpause", "unpausing", []string{"paused"}, func(sv *Server) { sv.VMState = "active" }},
	"suspend":  {"suspend", "suspending", []string{"active"}, func(sv *Server) { sv.VMState = "suspended" }},
	"resume":   {"resume", "resuming", []string{"suspended"}, func(sv *Server) { sv.VMState = "active" }},
	"unrescue": {"unrescue", "unrescuing", []string{"rescued"}, func(sv *Server) { sv.VMState, sv.PowerState = "active", powerRunning }},
}

// lockedRefuses are the actions Nova refuses on a locked server
// (check_instance_lock): all that change the server's running state.
var lockedRefuses = []string{"os-stop", "os-start", "reboot", "forceDelete", "pause", "unpause", "suspend", "resume",
	"rescue", "unrescue", "rebuild", "resize", "confirmResize", "revertResize", "shelve", "unshelve", "changePassword",
	"os-migrateLive", "migrate", "trigger_crash_dump"}

// check refuses an action unless the server's vm_state is one of vm and it
// has no task under way (nova-server-pause-again-409.txt).
func (s *api) check(w http.ResponseWriter, sv *Server, action string, vm []string) bool {
	if !slices.Contains(vm, sv.VMState) {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in vm_state %s", action, sv.ID, sv.VMState)
		return false
	}
	if sv.TaskState != "" {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in task_state %s", action, sv.ID, sv.TaskState)
		return false
	}
	return true
}

// lockServer locks a server, with a reason from 2.73.
func lockServer(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage) {
	var body struct {
		Reason *string `json:"locked_reason"`
	}
	if len(arg) > 0 && string(arg) != "null" {
		if err := json.Unmarshal(arg, &body); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute lock. Value: %s.", arg)
			return
		}
		if body.Reason != nil && !core.VersionLE("2.73", mv) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute lock. Value: %s. Additional properties are not allowed ('locked_reason' was unexpected)", arg)
			return
		}
	}
	sv.Locked, sv.LockedReason = true, body.Reason
	s.recordInstant(sv, "lock", "api_lock")
	w.WriteHeader(http.StatusAccepted)
}

// rescueServer answers the rescue's admin password (the one given, or a new
// one) with 200, as the lab does (nova-server-rescue.txt).
func rescueServer(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage) {
	var body struct {
		AdminPass *string `json:"adminPass"`
		ImageRef  *string `json:"rescue_image_ref"`
	}
	if len(arg) > 0 && string(arg) != "null" {
		if err := json.Unmarshal(arg, &body); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute rescue. Value: %s.", arg)
			return
		}
	}
	if body.ImageRef != nil {
		core.NotServed(w, r, "rescue_image_ref (a server is rescued from its own image)")
		return
	}
	if !s.check(w, sv, "rescue", []string{"active", "stopped", "error"}) {
		return
	}
	pass := novaAdminPass()
	if body.AdminPass != nil {
		pass = *body.AdminPass
	}
	s.db.compute.begin(sv, "rescue", "rescuing", s.Options().ActionDelay)
	core.WriteJSON(w, http.StatusOK, map[string]any{"adminPass": pass})
}

// rebuildServer rebuilds a server from an image (its own or another), with
// a new name, metadata, description, key or user data if given; Nova
// answers the server as it is now (REBUILD) with its admin password.
func rebuildServer(s *api, w http.ResponseWriter, r *http.Request, mv string, sv *Server, arg json.RawMessage) {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(arg, &body); err != nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute rebuild. Value: %s.", arg)
		return
	}
	allowed := map[string]string{"imageRef": "2.1", "name": "2.1", "adminPass": "2.1", "metadata": "2.1",
		"personality": "2.1", "preserve_ephemeral": "2.1", "OS-DCF:diskConfig": "2.1", "accessIPv4": "2.1", "accessIPv6": "2.1",
		"description": "2.19", "key_name": "2.54", "user_data": "2.57", "trusted_image_certificates": "2.63", "hostname": "2.90"}
	for k := range body {
		if v, ok := allowed[k]; !ok || !core.VersionLE(v, mv) || (k == "personality" && core.VersionLE("2.57", mv)) {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute rebuild. Value: %s. Additional properties are not allowed ('%s' was unexpected)", arg, k)
			return
		}
	}
	for _, k := range []string{"accessIPv4", "accessIPv6", "trusted_image_certificates", "OS-DCF:diskConfig"} {
		if _, ok := body[k]; ok {
			core.NotServed(w, r, "%s in a rebuild", k)
			return
		}
	}
	var imageRef, name, adminPass string
	if json.Unmarshal(body["imageRef"], &imageRef) != nil || imageRef == "" {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute rebuild. Value: %s. 'imageRef' is a required property", arg)
		return
	}
	img := glance.ByID(s.Cloud, novaRef(imageRef))
	if img == nil {
		core.Fault(w, http.StatusBadRequest, "Image %s could not be found.", novaRef(imageRef))
		return
	}
	if raw, ok := body["name"]; ok {
		if json.Unmarshal(raw, &name) != nil || novaNameFault(name) != "" {
			core.Fault(w, http.StatusBadRequest, "%s", novaNameFault(name))
			return
		}
	}
	var metadata map[string]string
	if raw, ok := body["metadata"]; ok && (json.Unmarshal(raw, &metadata) != nil || !metadataFits(w, metadata)) {
		return
	}
	keyName := sv.KeyName
	if raw, ok := body["key_name"]; ok {
		var k *string
		_ = json.Unmarshal(raw, &k)
		keyName = ""
		if k != nil {
			if s.db.compute.keypairByName(*k) == nil {
				core.Fault(w, http.StatusBadRequest, "Invalid key_name provided.")
				return
			}
			keyName = *k
		}
	}
	if !s.check(w, sv, "rebuild", []string{"active", "stopped", "error"}) {
		return
	}
	if raw, ok := body["adminPass"]; ok {
		_ = json.Unmarshal(raw, &adminPass)
	} else {
		adminPass = novaAdminPass()
	}
	sv.ImageID, sv.KeyName = img.ID, keyName
	if name != "" {
		sv.Name = name
	}
	if metadata != nil {
		sv.Metadata = metadata
	}
	if raw, ok := body["description"]; ok {
		var d *string
		_ = json.Unmarshal(raw, &d)
		sv.Description = d
	}
	if raw, ok := body["user_data"]; ok {
		var u *string
		_ = json.Unmarshal(raw, &u)
		sv.UserData = deref(u)
	}
	if raw, ok := body["hostname"]; ok {
		_ = json.Unmarshal(raw, &sv.Hostname)
	}
	s.db.compute.begin(sv, "rebuild", "rebuilding", s.Options().BuildDelay)
	view := s.serverJSON(r, sv, mv, true)
	view["adminPass"] = adminPass
	if core.VersionLE("2.57", mv) {
		var ud any
		if sv.UserData != "" {
			ud = sv.UserData
		}
		view["user_data"] = ud
	}
	core.WriteJSON(w, http.StatusAccepted, map[string]any{"server": view})
}
