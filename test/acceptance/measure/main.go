// Command measure is the Go half of test/acceptance/run.sh: it finds the
// resources gophercloud's acceptance tests ask for in OS_* variables on the
// cloud the environment logs in to (choices), and reads `go test -json`
// into one line per test (tally), so that two back ends can be compared.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/external"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
)

const usage = `usage: measure choices          (OS_* of a cloud in the environment: prints the exports the acceptance tests need)
       measure tally PREFIX < go-test.json   (prints "RESULT package Test  first error line")`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "choices":
		err = choices(context.Background(), os.Stdout)
	case "tally":
		prefix := ""
		if len(os.Args) > 2 {
			prefix = os.Args[2]
		}
		err = tally(os.Stdin, os.Stdout, prefix)
	default:
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

// choices prints the OS_* variables of AcceptanceTestChoicesFromEnv: the
// smallest active public image, the two smallest flavors, the project's
// network named OS_NETWORK_NAME (default private) and the external network
// floating IPs come from.
func choices(ctx context.Context, w io.Writer) error {
	ao, err := openstack.AuthOptionsFromEnv()
	if err != nil {
		return err
	}
	pc, err := openstack.AuthenticatedClient(ctx, ao)
	if err != nil {
		return err
	}
	eo := gophercloud.EndpointOpts{Region: os.Getenv("OS_REGION_NAME")}
	compute, err := openstack.NewComputeV2(pc, eo)
	if err != nil {
		return err
	}
	img, err := openstack.NewImageV2(pc, eo)
	if err != nil {
		return err
	}
	netw, err := openstack.NewNetworkV2(pc, eo)
	if err != nil {
		return err
	}

	page, err := flavors.ListDetail(compute, flavors.ListOpts{}).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("flavors: %w", err)
	}
	fl, err := flavors.ExtractFlavors(page)
	if err != nil {
		return err
	}
	if len(fl) < 2 {
		return fmt.Errorf("the acceptance tests need two flavors, the cloud has %d", len(fl))
	}
	sort.SliceStable(fl, func(i, j int) bool {
		return fl[i].RAM < fl[j].RAM || (fl[i].RAM == fl[j].RAM && fl[i].Disk < fl[j].Disk)
	})

	ipage, err := images.List(img, images.ListOpts{Status: images.ImageStatusActive, Visibility: images.ImageVisibilityPublic}).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("images: %w", err)
	}
	im, err := images.ExtractImages(ipage)
	if err != nil {
		return err
	}
	if len(im) == 0 {
		return fmt.Errorf("the acceptance tests need an active public image, the cloud has none")
	}
	// The sandbox's image whose servers fail on purpose is no choice.
	im = slices.DeleteFunc(im, func(i images.Image) bool { return i.Name == glance.ErrorImageName })
	if len(im) == 0 {
		return fmt.Errorf("the acceptance tests need an active public image, the cloud has none")
	}
	sort.SliceStable(im, func(i, j int) bool { return im[i].SizeBytes < im[j].SizeBytes })

	var ext []struct {
		networks.Network
		external.NetworkExternalExt
	}
	npage, err := networks.List(netw, external.ListOptsExt{ListOptsBuilder: networks.ListOpts{}, External: ptr(true)}).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("networks: %w", err)
	}
	if err := networks.ExtractNetworksInto(npage, &ext); err != nil {
		return err
	}
	if len(ext) == 0 {
		return fmt.Errorf("the acceptance tests need an external network, the cloud has none")
	}
	// The pool is the external network that is not shared: the one that
	// holds floating IPs only.
	sort.SliceStable(ext, func(i, j int) bool { return !ext[i].Shared && ext[j].Shared })

	name := os.Getenv("OS_NETWORK_NAME")
	if name == "" {
		name = "private"
	}
	fmt.Fprintf(w, "export OS_IMAGE_ID=%s # %s\n", im[0].ID, im[0].Name)
	fmt.Fprintf(w, "export OS_FLAVOR_ID=%s # %s\n", fl[0].ID, fl[0].Name)
	fmt.Fprintf(w, "export OS_FLAVOR_ID_RESIZE=%s # %s\n", fl[1].ID, fl[1].Name)
	fmt.Fprintf(w, "export OS_POOL_NAME=%s\n", ext[0].Name)
	fmt.Fprintf(w, "export OS_EXTGW_ID=%s # %s\n", ext[0].ID, ext[0].Name)
	fmt.Fprintf(w, "export OS_NETWORK_NAME=%s\n", name)
	return nil
}

func ptr[T any](v T) *T { return &v }

// event is one line of `go test -json`.
type event struct {
	Action, Package, Test, Output string
}

// tally prints one line per top-level test: PASS, FAIL or SKIP, the package
// without prefix, the test, and for a failure its first line that looks
// like an error (what the back end answered).
func tally(r io.Reader, w io.Writer, prefix string) error {
	type result struct{ action, pkg, test, why string }
	var order []string
	results := map[string]*result{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" || strings.Contains(e.Test, "/") {
			continue
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(e.Package, prefix), "/")
		key := pkg + " " + e.Test
		res := results[key]
		if res == nil {
			res = &result{pkg: pkg, test: e.Test}
			results[key] = res
			order = append(order, key)
		}
		switch e.Action {
		case "pass", "fail", "skip":
			res.action = strings.ToUpper(e.Action)
		case "output":
			if res.why == "" && looksLikeAnError(e.Output) {
				res.why = strings.Join(strings.Fields(ansi.ReplaceAllString(e.Output, "")), " ")
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.Strings(order)
	for _, k := range order {
		res := results[k]
		if res.action == "" {
			res.action = "FAIL" // a test the timeout or a panic ended
		}
		line := res.action + " " + res.pkg + " " + res.test
		if res.action == "FAIL" && res.why != "" {
			line += "  " + truncate(res.why, 1000)
		}
		fmt.Fprintln(w, line)
	}
	return nil
}

// ansi are the terminal colours gophercloud's test helpers print.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func looksLikeAnError(s string) bool {
	for _, m := range []string{"Error", "error", "Expected HTTP", "panic:", "Unable", "unable", "FAIL:", "Failure in", "expected"} {
		if strings.Contains(s, m) && !strings.Contains(s, "=== ") && !strings.HasPrefix(strings.TrimSpace(s), "---") {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
