package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/server"
)

// hostname is this machine's name (a test sets its own).
var hostname = os.Hostname

// shareableURL is the URL to give the clients of a server listening on
// addr. An address that listens on every interface (0.0.0.0, [::]) names
// no machine: given http://[::]:8083/mcp, a teammate connects to their own
// machine. It is replaced by this machine's host name, and note says so,
// with this machine's addresses to use when the name does not resolve for
// them (or, without a name, says to replace the placeholder).
func shareableURL(transport string, addr net.Addr) (url, note string) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return server.URL(transport, addr), ""
	}
	port := strconv.Itoa(tcp.Port)
	addrs := strings.Join(machineAddrs(4), ", ")
	if addrs == "" {
		addrs = "none found"
	}
	name, err := hostname()
	if err != nil || name == "" || name == "localhost" {
		return server.URL(transport, placeholderAddr("THIS-HOST:"+port)),
			fmt.Sprintf("The server listens on every interface: replace THIS-HOST with this machine's name or address as your clients reach it (this machine's addresses: %s).\n", addrs)
	}
	return server.URL(transport, placeholderAddr(net.JoinHostPort(name, port))),
		fmt.Sprintf("%s is this machine's host name: if your clients cannot resolve it, use an address of this machine they reach (%s).\n", name, addrs)
}

// placeholderAddr is a net.Addr that is the string given.
type placeholderAddr string

func (a placeholderAddr) Network() string { return "tcp" }
func (a placeholderAddr) String() string  { return string(a) }

// machineAddrs are up to n of this machine's addresses other machines may
// reach: not loopback, not link-local.
func machineAddrs(n int) []string {
	ifaddrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range ifaddrs {
		ipnet, ok := a.(*net.IPNet)
		if !ok || !ipnet.IP.IsGlobalUnicast() || len(out) >= n {
			continue
		}
		out = append(out, ipnet.IP.String())
	}
	return out
}
