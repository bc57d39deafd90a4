package octavia

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// State holds Octavia: load balancers and, inside each, its listeners and
// pools (a pool's members and health monitor inside the pool). A change is
// the load balancer's: while one is under way (op) it is PENDING_* and
// every other change of it or its children is refused (409), as Octavia's
// provisioning lock does. Callers hold the cloud's Mu.
type State struct {
	s             *core.Cloud
	LoadBalancers []*LoadBalancer
	quota         Quota
}

type LoadBalancer struct {
	ID, Name, Description     string
	Tags                      []string
	AdditionalVips            []additionalVip
	VipAddress, VipPortID     string
	VipSubnetID, VipNetworkID string
	Status                    string // provisioning_status
	Created, Updated          time.Time
	listeners                 []*listener
	pools                     []*pool
	Op                        *Op
}

// Op is a change of a load balancer under way, done at End.
type Op struct {
	Kind string // "create", "update", "delete"
	End  time.Time
}

type listener struct {
	ID, Name, Description   string
	Protocol, DefaultPoolID string
	Port                    int
	Status                  string
	Created, Updated        time.Time
}

type pool struct {
	ID, Name, Description           string
	Protocol, Algorithm, ListenerID string
	Status                          string
	Created, Updated                time.Time
	members                         []*member
	monitor                         *healthMonitor
}

type member struct {
	ID, Name, Address, SubnetID string
	Port, Weight                int
	Status                      string
	Created, Updated            time.Time
}

type healthMonitor struct {
	ID, Name, Type, HTTPMethod, URLPath, ExpectedCodes string
	Delay, Timeout, MaxRetries, MaxRetriesDown         int
	Status                                             string
	Created, Updated                                   time.Time
}

// Quota is the project's Octavia quota; -1 is unlimited
// (Octavia's default).
type Quota struct {
	LoadBalancers, Listeners, Pools, Members, HealthMonitors int
}

// SetQuota replaces the project's Octavia quota in c.
func SetQuota(c *core.Cloud, q Quota) {
	s := of(c)
	s.Mu.Lock()
	defer s.Mu.Unlock()
	s.lb.quota = q
}

func (l *State) init(s *core.Cloud) {
	l.s = s
	l.quota = Quota{-1, -1, -1, -1, -1}
}

// pending is a child's provisioning status while its load balancer's
// change is under way.
func pending(kind string) string {
	return map[string]string{"create": "PENDING_CREATE", "update": "PENDING_UPDATE", "delete": "PENDING_DELETE"}[kind]
}

// begin starts a change of lb: a new load balancer takes BuildDelay (an
// amphora boots), any other change ActionDelay.
func (l *State) begin(lb *LoadBalancer, kind string) {
	d := l.s.Options().ActionDelay
	if kind == "create" {
		d = l.s.Options().BuildDelay
	}
	lb.Op = &Op{Kind: kind, End: l.s.Now().Add(d)}
	lb.Status = pending(kind)
	if kind != "create" {
		lb.Updated = l.s.Now()
	}
}

// tick ends every change whose time has come: what was pending becomes
// ACTIVE, what was being deleted goes, and a deleted load balancer gives
// back its VIP port.
func (l *State) tick() {
	now := l.s.Now()
	l.LoadBalancers = slices.DeleteFunc(l.LoadBalancers, func(lb *LoadBalancer) bool {
		op := lb.Op
		if op == nil || now.Before(op.End) {
			return false
		}
		lb.Op = nil
		if op.Kind == "delete" {
			neutron.Of(l.s).ReleasePorts(lbDevice(lb.ID))
			return true
		}
		lb.Status, lb.Updated = "ACTIVE", op.End
		done := func(status *string, updated *time.Time) bool {
			switch *status {
			case "PENDING_DELETE":
				return true
			case "PENDING_CREATE", "PENDING_UPDATE":
				*status, *updated = "ACTIVE", op.End
			}
			return false
		}
		lb.listeners = slices.DeleteFunc(lb.listeners, func(li *listener) bool { return done(&li.Status, &li.Updated) })
		lb.pools = slices.DeleteFunc(lb.pools, func(p *pool) bool {
			p.members = slices.DeleteFunc(p.members, func(m *member) bool { return done(&m.Status, &m.Updated) })
			if hm := p.monitor; hm != nil && done(&hm.Status, &hm.Updated) {
				p.monitor = nil
			}
			return done(&p.Status, &p.Updated)
		})
		return false
	})
}

// lbDevice is the device ID of a load balancer's VIP port, as Octavia sets it.
func lbDevice(id string) string { return "lb-" + id }

func (l *State) lbByID(id string) *LoadBalancer {
	for _, lb := range l.LoadBalancers {
		if lb.ID == id {
			return lb
		}
	}
	return nil
}

// poolByID finds a pool and its load balancer.
func (l *State) poolByID(id string) (*LoadBalancer, *pool) {
	for _, lb := range l.LoadBalancers {
		for _, p := range lb.pools {
			if p.ID == id {
				return lb, p
			}
		}
	}
	return nil, nil
}

func (l *State) listenerByID(id string) (*LoadBalancer, *listener) {
	for _, lb := range l.LoadBalancers {
		for _, li := range lb.listeners {
			if li.ID == id {
				return lb, li
			}
		}
	}
	return nil, nil
}

func (l *State) monitorByID(id string) (*LoadBalancer, *pool) {
	for _, lb := range l.LoadBalancers {
		for _, p := range lb.pools {
			if p.monitor != nil && p.monitor.ID == id {
				return lb, p
			}
		}
	}
	return nil, nil
}

// count is how many of a kind the project has, for its quota.
func (l *State) count(kind string) int {
	n := 0
	for _, lb := range l.LoadBalancers {
		switch kind {
		case "load_balancer":
			n++
		case "listener":
			n += len(lb.listeners)
		case "pool":
			n += len(lb.pools)
		}
		for _, p := range lb.pools {
			switch kind {
			case "member":
				n += len(p.members)
			case "health_monitor":
				if p.monitor != nil {
					n++
				}
			}
		}
	}
	return n
}

func (q Quota) limits() map[string]int {
	return map[string]int{"load_balancer": q.LoadBalancers, "listener": q.Listeners, "pool": q.Pools,
		"member": q.Members, "health_monitor": q.HealthMonitors, "l7policy": -1, "l7rule": -1}
}

// overQuota is Octavia's refusal when more of kind would pass its quota.
func (l *State) overQuota(w http.ResponseWriter, kind string, more int) bool {
	limit := l.quota.limits()[kind]
	if limit < 0 || l.count(kind)+more <= limit {
		return false
	}
	name := map[string]string{"load_balancer": "Load Balancer", "listener": "Listener", "pool": "Pool",
		"member": "Member", "health_monitor": "Health Monitor"}[kind]
	octaviaFault(w, http.StatusForbidden, "Quota has been met for resources: %s", name)
	return true
}

// octaviaFault answers as Octavia (WSME) does.
func octaviaFault(w http.ResponseWriter, status int, format string, args ...any) {
	core.WriteJSON(w, status, map[string]any{"faultcode": map[bool]string{true: "Client", false: "Server"}[status < 500],
		"faultstring": fmt.Sprintf(format, args...), "debuginfo": nil})
}

// octaviaOneOf refuses a value of field that is not one of allowed, in
// Octavia's words.
func octaviaOneOf(w http.ResponseWriter, field, value string, allowed []string) bool {
	if slices.Contains(allowed, value) {
		return true
	}
	octaviaFault(w, http.StatusBadRequest, "Invalid input for field/attribute %s. Value: '%s'. Value should be one of: %s", field, value, strings.Join(allowed, ", "))
	return false
}

// immutable refuses a change of lb (or of its child, named by what and id)
// while another is under way: Octavia's 409.
func immutable(w http.ResponseWriter, lb *LoadBalancer, what, id string) bool {
	if lb.Op == nil {
		return false
	}
	octaviaFault(w, http.StatusConflict, "%s %s is immutable and cannot be updated.", what, id)
	return true
}

// octaviaTime is how Octavia shows a time: no zone, seconds.
func octaviaTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// operating is a resource's operating status: ONLINE once it is ACTIVE, as a
// real cloud's health manager reports (the lab runs none and shows OFFLINE).
func operating(status string) string {
	if status == "ACTIVE" {
		return "ONLINE"
	}
	return "OFFLINE"
}

// orEmpty is list, or [] for none: Octavia shows an empty list, never null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
