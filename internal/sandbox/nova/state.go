package nova

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

// State holds what an agent creates in Nova: servers, keypairs, server
// groups. Cinder learns which servers exist through its ServerExists.
//
// Server states move on a clock, evaluated lazily: an action records what
// it started and when it ends (BuildDelay for a build, ActionDelay for the
// others), and Tick, called under the cloud's Mu before any read (and by
// the core's Tick, for the services that read servers' ports), applies
// what has ended by now. So a test clock (Options.Now) drives them too.
type State struct {
	s       *api
	Servers []*Server // in creation order; deleted servers are removed
	// gone are the deleted servers' places in the list (ID and Created):
	// Nova keeps their rows and finds a list's marker among them.
	gone     []*Server
	keypairs []*keypair
	groups   []*serverGroup // server_groups.go
	quota    Quota
}

// Server is a Nova Server.
type Server struct {
	ID, Name string
	Created  time.Time
	Updated  time.Time

	FlavorID, ImageID string
	KeyName           string   // "" for none
	RequestedZone     string   // the availability_zone asked for, if any
	Zone              string   // where it landed ("" until scheduled)
	SecurityGroups    []string // as requested (the create's answer); the ports have the truth
	NICs              []nic
	UserData          string // base64, as given
	Metadata          map[string]string
	HostID            string
	Launched          time.Time // zero until first ACTIVE

	// Nova's three states. TaskState "" is JSON null.
	VMState    string // building, active, stopped, error
	TaskState  string
	PowerState int // 0 NOSTATE, 1 RUNNING, 4 SHUTDOWN

	Fault      *serverFault // set when the build failed
	BuildFault string       // why the build will fail, when known at create

	Description  *string  // nil is null
	Tags         []string // in the order they were added
	Hostname     string   // shown from 2.90
	Locked       bool
	LockedReason *string

	// OldFlavorID is the flavor a resized server had (VERIFY_RESIZE), for
	// a revert; PrevVMState the vm_state a resize returns to.
	OldFlavorID, PrevVMState string

	Op      *serverOp        // the transition in progress, if any
	Actions []instanceAction // os-instance-actions, oldest first
}

// nic is a network the server asked for, and its Neutron port there
// ("" when Neutron refused one: the build fails).
type nic struct {
	NetworkID, PortID string
}

type serverFault struct {
	Code    int
	Message string
	Created time.Time
}

// serverOp is a transition in progress: what it is and when it ends.
type serverOp struct {
	Kind       string // build, stop, start, reboot, reboot_hard, delete, image, resize, confirm_resize, revert_resize
	Start, End time.Time
	// Flavor is the flavor a resize goes to; Fail, why it will not
	// (the server stays on its flavor, as Nova rolls a refused resize back).
	Flavor, Fail string
}

// Nova power states.
const (
	powerNoState  = 0
	powerRunning  = 1
	powerShutdown = 4
)

type keypair struct {
	Name, Type, PublicKey, Fingerprint string
	Created                            time.Time
}

func (c *State) init(s *api) {
	c.s = s
	c.quota = defaultComputeQuota
}

// serverByID returns the live server with id, or nil. Callers hold s.Mu.
func (c *State) serverByID(id string) *Server {
	c.Tick()
	for _, sv := range c.Servers {
		if sv.ID == id {
			return sv
		}
	}
	return nil
}

// Tick applies every transition that has ended by now. Callers hold s.Mu.
func (c *State) Tick() {
	now := c.s.Now()
	kept := c.Servers[:0]
	for _, sv := range c.Servers {
		if op := sv.Op; op != nil && now.Before(op.End) {
			if step := op.step(now); step != "" {
				sv.TaskState = step
			}
		} else if op != nil {
			sv.Op = nil
			sv.TaskState = ""
			sv.Updated = op.End
			switch op.Kind {
			case "build":
				c.finishBuild(sv, op.End)
			case "stop":
				sv.VMState, sv.PowerState = "stopped", powerShutdown
			case "start", "reboot", "reboot_hard":
				sv.VMState, sv.PowerState = "active", powerRunning
			default:
				if end := opEnds[op.Kind]; end != nil {
					end(sv)
				}
			case "delete":
				c.s.db.network.ReleasePorts(sv.ID)
				c.gone = append(c.gone, &Server{ID: sv.ID, Created: sv.Created})
				continue // gone: Nova answers 404 to its owner from now on
			case "resize", "confirm_resize", "revert_resize":
				finishResize(sv, op)
			}
		}
		kept = append(kept, sv)
	}
	for i := len(kept); i < len(c.Servers); i++ {
		c.Servers[i] = nil
	}
	c.Servers = kept
}

// finishBuild ends a build: ACTIVE, or ERROR with a fault when the sandbox's
// error image was asked for or a port on an external network was needed.
func (c *State) finishBuild(sv *Server, at time.Time) {
	db := c.s.db
	sv.Zone = sv.RequestedZone
	if sv.Zone == "" && len(c.s.Zones()) > 0 {
		sv.Zone = c.s.Zones()[len(c.Servers)%len(c.s.Zones())]
	}
	sum := sha256.Sum256([]byte(c.s.ProjectID() + "/compute-" + sv.Zone))
	sv.HostID = hex.EncodeToString(sum[:])[:56]
	fail := sv.BuildFault
	if img := glance.ByID(c.s.Cloud, sv.ImageID); img != nil && img.Name == glance.ErrorImageName {
		fail = fmt.Sprintf("Image %s is unacceptable: the sandbox's %q always fails to boot", img.ID, glance.ErrorImageName)
	}
	for _, n := range sv.NICs {
		if net := db.network.NetworkByID(n.NetworkID); net != nil && !net.Attachable() {
			fail = fmt.Sprintf("It is not allowed to create an interface on external network %s", net.ID)
		}
	}
	db.volume.AttachBootVolume(sv.ID, at, fail != "")
	if fail != "" {
		sv.VMState, sv.PowerState = "error", powerNoState
		sv.NICs = nil // Nova deallocates the network of a failed build
		db.network.ReleasePorts(sv.ID)
		sv.Fault = &serverFault{Code: 500, Created: at,
			Message: fmt.Sprintf("Build of instance %s aborted: %s", sv.ID, fail)}
		return
	}
	sv.VMState, sv.PowerState = "active", powerRunning
	sv.Launched = at
	for _, p := range db.network.ServerPorts(sv.ID) {
		p.Bound, p.DeviceOwner = true, "compute:"+sv.Zone
	}
}

// status is the server's API status, from its vm_state and task_state as
// Nova's _STATE_MAP derives it.
func (sv *Server) status() string {
	switch sv.VMState {
	case "building":
		return "BUILD"
	case "active", "stopped":
		switch sv.TaskState {
		case "resize_prep", "resize_migrating", "resize_migrated", "resize_finish":
			return "RESIZE"
		case "rebuilding", "rebuild_block_device_mapping", "rebuild_spawning":
			return "REBUILD"
		}
		if sv.VMState == "stopped" {
			return "SHUTOFF"
		}
		switch sv.TaskState {
		case "rebooting", "reboot_pending", "reboot_started":
			return "REBOOT"
		case "rebooting_hard", "reboot_pending_hard", "reboot_started_hard":
			return "HARD_REBOOT"
		}
		return "ACTIVE"
	case "resized":
		if sv.TaskState == "resize_reverting" {
			return "REVERT_RESIZE"
		}
		return "VERIFY_RESIZE"
	case "error":
		return "ERROR"
	case "paused":
		return "PAUSED"
	case "suspended":
		return "SUSPENDED"
	case "rescued":
		return "RESCUE"
	}
	return "UNKNOWN"
}

// opSteps are the task_states a transition moves through as its time
// passes, as Nova's compute manager sets them (a reboot on the lab:
// rebooting, reboot_pending, reboot_started); the others keep the one they
// began with.
var opSteps = map[string][]string{
	"build":       {"scheduling", "networking", "block_device_mapping", "spawning"},
	"reboot":      {"rebooting", "reboot_pending", "reboot_started"},
	"reboot_hard": {"rebooting_hard", "reboot_pending_hard", "reboot_started_hard"},
	"image":       {"image_snapshot", "image_pending_upload", "image_uploading"},
	"resize":      {"resize_prep", "resize_migrating", "resize_migrated", "resize_finish"},
}

// opEnds are where the transitions other files start end (their kind's
// vm_state and power_state).
var opEnds = map[string]func(*Server){}

// step is the task_state of a transition in progress at now ("" for one
// without steps).
func (op *serverOp) step(now time.Time) string {
	steps := opSteps[op.Kind]
	if steps == nil {
		return ""
	}
	total := op.End.Sub(op.Start)
	if total <= 0 {
		return steps[0]
	}
	i := int(float64(len(steps)) * float64(now.Sub(op.Start)) / float64(total))
	return steps[max(0, min(i, len(steps)-1))]
}

// begin starts a transition of kind lasting d, with task as its task_state.
func (c *State) begin(sv *Server, kind, task string, d time.Duration) {
	c.beginOp(sv, &serverOp{Kind: kind}, task, d)
}

// beginOp starts op, lasting d from now, with task as its task_state.
func (c *State) beginOp(sv *Server, op *serverOp, task string, d time.Duration) {
	now := c.s.Now()
	op.Start, op.End = now, now.Add(d)
	if a, ok := opActions[op.Kind]; ok {
		c.recordAction(sv, a[0], a[1], op.Start, op.End)
	}
	sv.Op = op
	sv.TaskState = task
	sv.Updated = now
}

// refuseState answers Nova's 409 unless the server's vm_state is one of vm
// and then its task_state one of tasks ("" is none, the default), as
// Nova's check_instance_state does (nova-server-stop-building-409.txt);
// it reports whether it refused.
func refuseState(w http.ResponseWriter, sv *Server, action string, vm []string, tasks ...string) bool {
	if len(tasks) == 0 {
		tasks = []string{""}
	}
	if !slices.Contains(vm, sv.VMState) {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in vm_state %s", action, sv.ID, sv.VMState)
		return true
	}
	if !slices.Contains(tasks, sv.TaskState) {
		core.Fault(w, http.StatusConflict, "Cannot '%s' instance %s while it is in task_state %s", action, sv.ID, sv.TaskState)
		return true
	}
	return false
}

// sortedServers is the servers as Nova lists them: newest first.
func (c *State) sortedServers() []*Server {
	out := append([]*Server(nil), c.Servers...)
	sort.SliceStable(out, func(i, j int) bool { return listedBefore(out[i], out[j]) })
	return out
}

// listedBefore says whether Nova lists a before b: newer first, then by id
// descending.
func listedBefore(a, b *Server) bool {
	if !a.Created.Equal(b.Created) {
		return a.Created.After(b.Created)
	}
	return a.ID > b.ID
}

// afterServer is the servers (listed) after the marker's place as Nova
// finds it: among all servers, those the filters exclude and deleted ones
// too (nova-servers-filtered-marker.json, -deleted-marker.json); a marker
// that names no server is a 400. Callers hold s.Mu.
func (c *State) afterServer(w http.ResponseWriter, listed []*Server) func(marker string) ([]*Server, bool) {
	return func(marker string) ([]*Server, bool) {
		i := slices.IndexFunc(c.Servers, func(sv *Server) bool { return sv.ID == marker })
		var m *Server
		if i >= 0 {
			m = c.Servers[i]
		} else if i = slices.IndexFunc(c.gone, func(sv *Server) bool { return sv.ID == marker }); i >= 0 {
			m = c.gone[i]
		} else {
			core.Fault(w, http.StatusBadRequest, "marker [%s] not found", marker)
			return nil, false
		}
		return slices.DeleteFunc(slices.Clone(listed), func(sv *Server) bool { return !listedBefore(m, sv) }), true
	}
}

// keypairByName finds a keypair as Nova's database does: its names ignore
// case (nova-keypair-show-case.json, nova-keypair-duplicate-case-409.txt).
func (c *State) keypairByName(name string) *keypair {
	for _, k := range c.keypairs {
		if core.SQLEqual(k.Name, name) {
			return k
		}
	}
	return nil
}
