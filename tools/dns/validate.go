package dns

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/client"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/fault"
)

// wantedSet is one record set set_record is to make: its type and records.
type wantedSet struct {
	typ     string
	records []string
}

// wantedSets are the record sets a set_record call asks for, from its
// records or its target's public addresses, each record checked as its
// type wants it: nothing is changed for a call that asks for something
// wrong.
func wantedSets(ctx context.Context, s *client.Services, a setRecordArgs) ([]wantedSet, error) {
	switch {
	case a.Target != "" && len(a.Records) > 0:
		return nil, fault.Errorf(fault.CodeInvalidArgument, "both records and target given").
			WithHint("pass records (the addresses or values) or target (a server or load balancer), not both")
	case a.Target != "":
		if a.Type != "" && a.Type != "A" && a.Type != "AAAA" {
			return nil, fault.Errorf(fault.CodeInvalidArgument, "a target gives addresses, for A and AAAA records, not %s", a.Type).
				WithHint("omit type for both A and AAAA, or pass records for a " + a.Type + " record")
		}
		return targetSets(ctx, s, a.Target, a.Type)
	case len(a.Records) == 0:
		return nil, fault.Errorf(fault.CodeInvalidArgument, "no records and no target: set_record needs what the name points at").
			WithHint("pass records (e.g. [\"203.0.113.7\"] for an A record), or target, a server or load balancer")
	case a.Type == "":
		return nil, fault.Errorf(fault.CodeInvalidArgument, "type is required with records").
			WithHint("pass type: A, AAAA, CNAME, TXT, MX, SRV or CAA")
	}
	records := make([]string, len(a.Records))
	for i, r := range a.Records {
		rec, err := checkRecord(a.Type, strings.TrimSpace(r))
		if err != nil {
			return nil, err
		}
		records[i] = rec
	}
	if a.Type == "CNAME" && len(records) > 1 {
		return nil, fault.Errorf(fault.CodeInvalidArgument, "a CNAME record set holds one name, not %d", len(records)).
			WithHint("pass the one name this name is an alias of")
	}
	return []wantedSet{{a.Type, records}}, nil
}

// checkRecord checks one record of type typ and returns it as Designate
// keeps it (host names fully qualified).
func checkRecord(typ, r string) (string, error) {
	bad := func(what string) error {
		return fault.Errorf(fault.CodeInvalidArgument, "%q is not a %s record: %s", r, typ, what).
			WithHint("nothing was changed; fix the record and call again")
	}
	switch typ {
	case "A", "AAAA":
		ip, err := netip.ParseAddr(r)
		switch {
		case err != nil:
			return "", bad("an " + map[string]string{"A": "IPv4", "AAAA": "IPv6"}[typ] + " address is expected")
		case typ == "A" && !ip.Is4():
			return "", bad("an A record holds an IPv4 address (use AAAA for IPv6)")
		case typ == "AAAA" && (!ip.Is6() || ip.Is4In6()):
			return "", bad("an AAAA record holds an IPv6 address (use A for IPv4)")
		}
		return ip.String(), nil
	case "CNAME":
		return hostName(r, bad)
	case "MX": // "10 mail.example.com."
		f := strings.Fields(r)
		if len(f) != 2 || !uint16Field(f[0]) {
			return "", bad("MX is \"<priority> <mail server>\", e.g. \"10 mail.example.com.\"")
		}
		host, err := hostName(f[1], bad)
		return f[0] + " " + host, err
	case "SRV": // "10 5 5060 sip.example.com."
		f := strings.Fields(r)
		if len(f) != 4 || !uint16Field(f[0]) || !uint16Field(f[1]) || !uint16Field(f[2]) {
			return "", bad("SRV is \"<priority> <weight> <port> <target>\", e.g. \"10 5 5060 sip.example.com.\"")
		}
		host, err := hostName(f[3], bad)
		return strings.Join(f[:3], " ") + " " + host, err
	case "CAA": // 0 issue "letsencrypt.org"
		f := strings.Fields(r)
		if len(f) < 3 || !uint8Field(f[0]) || !map[string]bool{"issue": true, "issuewild": true, "iodef": true}[f[1]] {
			return "", bad("CAA is \"<flags> <issue|issuewild|iodef> <value>\", e.g. '0 issue \"letsencrypt.org\"'")
		}
		return r, nil
	case "TXT":
		if r == "" || len(r) > 255 {
			return "", bad("a TXT record holds 1 to 255 characters")
		}
		return r, nil
	}
	return "", bad("set_record sets A, AAAA, CNAME, TXT, MX, SRV and CAA records")
}

// hostName is r as a fully qualified host name (the final dot added).
func hostName(r string, bad func(string) error) (string, error) {
	h := strings.ToLower(fqdn(r))
	labels := strings.Split(strings.TrimSuffix(h, "."), ".")
	ok := len(labels) >= 2 && len(h) <= 255
	for _, l := range labels {
		ok = ok && hostLabel(l)
	}
	if !ok {
		return "", bad("a host name such as web.example.com. is expected")
	}
	return h, nil
}

func uint16Field(s string) bool {
	n, err := strconv.ParseUint(s, 10, 16)
	return err == nil && n <= 65535
}
func uint8Field(s string) bool { _, err := strconv.ParseUint(s, 10, 8); return err == nil }

// checkCNAME refuses a CNAME beside other records of the same name, either
// way round: a name that is an alias has no other records.
func checkCNAME(name string, wanted []wantedSet, existing []designateRecordset) error {
	for _, w := range wanted {
		for _, e := range existing {
			if e.Type == w.typ || e.Type != "CNAME" && w.typ != "CNAME" {
				continue
			}
			if w.typ == "CNAME" {
				return fault.Errorf(fault.CodeInvalidArgument, "%s has %s records, and a name with a CNAME can have no other records", name, e.Type).
					WithHint(fmt.Sprintf("delete_record its %s record set first, or point %s at the addresses with an A record", e.Type, name))
			}
			return fault.Errorf(fault.CodeInvalidArgument, "%s is a CNAME (an alias of %s), so it can have no %s records", name,
				strings.Join(e.Records, ", "), w.typ).
				WithHint("delete_record its CNAME first, or set the records on the name it is an alias of")
		}
	}
	return nil
}
