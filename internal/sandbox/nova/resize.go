package nova

import (
	"encoding/json"
	"net/http"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
)

// Nova's resize, confirmResize and revertResize, as the lab's Nova answers
// them (nova-server-resize-*.txt, nova-server-verify-resize.json): a resize
// moves through RESIZE (resize_prep, resize_migrating, resize_migrated,
// resize_finish) to VERIFY_RESIZE (vm_state resized) on the new flavor;
// confirmResize (204) ends it ACTIVE there, revertResize (202) goes back
// through REVERT_RESIZE to the old flavor. A flavor with a smaller disk is
// taken by the API and refused by the compute host, as libvirt does
// ("Unable to resize disk down."): the server goes back to ACTIVE on its
// flavor, the refusal kept as an instance fault Nova does not show on an
// ACTIVE server.
func init() {
	serverActions["resize"] = (*api).resizeServer
	serverActions["confirmResize"] = (*api).confirmResize
	serverActions["revertResize"] = (*api).revertResize
}

func (s *api) resizeServer(w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage) {
	var req struct {
		FlavorRef  *string `json:"flavorRef"`
		DiskConfig *string `json:"OS-DCF:diskConfig"`
	}
	if err := core.StrictJSON(arg, &req); err != nil || req.FlavorRef == nil {
		core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute resize. Value: %s. 'flavorRef' is a required property", arg)
		return
	}
	if refuseState(w, sv, "resize", []string{"active", "stopped"}) {
		return
	}
	f := s.db.FlavorByID(novaRef(*req.FlavorRef))
	if f == nil {
		core.Fault(w, http.StatusBadRequest, "Unable to locate requested flavor.")
		return
	}
	if f.ID == sv.FlavorID {
		core.Fault(w, http.StatusBadRequest, "When resizing, instances must change flavor!")
		return
	}
	op := &serverOp{Kind: "resize", Flavor: f.ID}
	if old := s.db.FlavorByID(sv.FlavorID); old != nil && sv.ImageID != "" && f.Disk < old.Disk {
		op.Fail = "Resize error: Unable to resize disk down."
	}
	s.db.compute.beginOp(sv, op, "resize_prep", s.Options().ActionDelay)
	sv.PrevVMState = sv.VMState
	w.WriteHeader(http.StatusAccepted)
}

func (s *api) confirmResize(w http.ResponseWriter, r *http.Request, sv *Server, _ json.RawMessage) {
	if refuseState(w, sv, "confirmResize", []string{"resized"}) {
		return
	}
	// Nova confirms with no task_state: the server shows VERIFY_RESIZE
	// until it is done (nova-server-confirm-resize-204.txt).
	s.db.compute.beginOp(sv, &serverOp{Kind: "confirm_resize"}, "", s.Options().ActionDelay)
	w.WriteHeader(http.StatusNoContent)
}

func (s *api) revertResize(w http.ResponseWriter, r *http.Request, sv *Server, _ json.RawMessage) {
	if refuseState(w, sv, "revertResize", []string{"resized"}) {
		return
	}
	s.db.compute.beginOp(sv, &serverOp{Kind: "revert_resize", Flavor: sv.OldFlavorID}, "resize_reverting", s.Options().ActionDelay)
	w.WriteHeader(http.StatusAccepted)
}

// finishResize ends a resize, a confirmation or a revert.
func finishResize(sv *Server, op *serverOp) {
	back := sv.PrevVMState
	if back == "" {
		back = "active"
	}
	switch {
	case op.Kind == "resize" && op.Fail != "":
		sv.VMState = back
		sv.Fault = &serverFault{Code: 500, Message: op.Fail, Created: op.End}
	case op.Kind == "resize":
		sv.OldFlavorID, sv.FlavorID, sv.VMState = sv.FlavorID, op.Flavor, "resized"
	case op.Kind == "revert_resize":
		sv.FlavorID, sv.OldFlavorID, sv.VMState = op.Flavor, "", back
	default:
		sv.OldFlavorID, sv.VMState = "", back
	}
	if sv.VMState == "stopped" {
		sv.PowerState = powerShutdown
	} else {
		sv.PowerState = powerRunning
	}
}
