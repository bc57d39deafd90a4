package cinder_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/cinder"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/sandboxtest"
)

// cinderDo sends a Cinder request at volume microversion 3.60 (api.do) to
// the sandbox's project and returns the status, body and headers.
func cinderDo(a *sandboxtest.API, method, path string, body any) (int, []byte, http.Header) {
	a.T.Helper()
	status, b, resp := a.Do(method, "/volume/v3/"+a.Sandbox.ProjectID()+path, body)
	return status, b, resp.Header
}

func cinderFault(a *sandboxtest.API, method, path string, body any, status int, key, msg string) {
	a.T.Helper()
	got, b, _ := cinderDo(a, method, path, body)
	if got != status {
		a.T.Fatalf("%s %s: %d, want %d: %s", method, path, got, status, b)
	}
	sandboxtest.WantFault(a.T, b, key, status, msg)
}

func getVol(a *sandboxtest.API, id string) map[string]any {
	a.T.Helper()
	return a.CinderJSON("GET", "/volumes/"+id, nil, 200)["volume"].(map[string]any)
}

// TestVolumeLifecycle walks a volume through the scenario at the
// HTTP level, comparing every answer with the lab's samples.
func TestVolumeLifecycle(t *testing.T) {
	a := sandboxtest.New(t)
	cinder.AllowAdminActions(a.Sandbox.Cloud)
	srv := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)

	created := a.CinderJSON("POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "name": "data"}}, 202)
	sandboxtest.SampleKeys(t, "cinder-volume-create-202.json", created["volume"].(map[string]any), sandboxtest.Under("volume"))
	vid := created["volume"].(map[string]any)["id"].(string)
	if v := getVol(a, vid); v["status"] != "creating" || v["bootable"] != "false" || v["updated_at"] != nil {
		t.Fatalf("new volume: %v", v)
	}
	a.Clock.Advance(time.Second)
	v := getVol(a, vid)
	sandboxtest.SampleKeys(t, "cinder-volume-available.json", v, func(m map[string]any) map[string]any { return m["volume"].(map[string]any) })
	if v["status"] != "available" || v["volume_type"] != "CEPH_1_perf1" || v["availability_zone"] != "az-1" {
		t.Fatalf("available volume: %v", v)
	}

	cinderFault(a, "POST", "/volumes/"+vid+"/action", map[string]any{"os-extend": map[string]any{"new_size": 1}}, 400, "badRequest",
		"Invalid input received: New size for extend must be greater than current size. (current: 1, extended: 1).")
	a.CinderJSON("POST", "/volumes/"+vid+"/action", map[string]any{"os-extend": map[string]any{"new_size": 2}}, 202)
	if v := getVol(a, vid); v["status"] != "extending" || v["size"] != float64(1) {
		t.Fatalf("extending: %v %v", v["status"], v["size"])
	}
	a.Clock.Advance(time.Second)
	if v := getVol(a, vid); v["status"] != "available" || v["size"] != float64(2) {
		t.Fatalf("extended: %v %v", v["status"], v["size"])
	}

	att := a.JSON("POST", "/compute/v2.1/servers/"+srv+"/os-volume_attachments", map[string]any{"volumeAttachment": map[string]any{"volumeId": vid}}, 200)
	sandboxtest.SampleKeys(t, "nova-volume-attach.json", att["volumeAttachment"].(map[string]any), sandboxtest.Under("volumeAttachment"))
	if d := att["volumeAttachment"].(map[string]any)["device"]; d != "/dev/vdb" {
		t.Errorf("device %v", d)
	}
	if v := getVol(a, vid); v["status"] != "reserved" || len(v["attachments"].([]any)) != 0 {
		t.Fatalf("reserved: %v", v)
	}
	a.Clock.Advance(500 * time.Millisecond)
	if v := getVol(a, vid); v["status"] != "attaching" || len(v["attachments"].([]any)) != 0 {
		t.Fatalf("attaching: %v", v)
	}
	status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+srv+"/os-volume_attachments", map[string]any{"volumeAttachment": map[string]any{"volumeId": vid}})
	if status != 400 {
		t.Fatalf("second attach: %d", status)
	}
	sandboxtest.WantFault(t, b, "badRequest", 400, "Invalid volume: volume "+vid+" is already attached to instances: "+srv)
	a.Clock.Advance(500 * time.Millisecond)
	v = getVol(a, vid)
	sandboxtest.SampleKeys(t, "cinder-volume-in-use.json", v, sandboxtest.Under("volume"))
	sandboxtest.SampleKeys(t, "cinder-volume-in-use.json", v["attachments"].([]any)[0].(map[string]any), func(m map[string]any) map[string]any {
		return m["volume"].(map[string]any)["attachments"].([]any)[0].(map[string]any)
	})
	if v["status"] != "in-use" || v["attachments"].([]any)[0].(map[string]any)["server_id"] != srv {
		t.Fatalf("in-use: %v", v)
	}
	list := a.JSON("GET", "/compute/v2.1/servers/"+srv+"/os-volume_attachments", nil, 200)
	sandboxtest.SampleKeys(t, "nova-volume-attachments.json", list, func(m map[string]any) map[string]any { return m })
	sandboxtest.SampleKeys(t, "nova-volume-attachments.json", list["volumeAttachments"].([]any)[0].(map[string]any), sandboxtest.FirstOf("volumeAttachments"))
	if va := a.Server(srv)["os-extended-volumes:volumes_attached"].([]any); len(va) != 1 || va[0].(map[string]any)["id"] != vid {
		t.Errorf("server's volumes_attached: %v", va)
	}

	cinderFault(a, "DELETE", "/volumes/"+vid, nil, 400, "badRequest",
		"Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.")
	cinderFault(a, "POST", "/volumes/"+vid+"/action", map[string]any{"os-force_delete": map[string]any{}}, 400, "badRequest",
		"Invalid volume: Volume  must not be migrating, attached")
	cinderFault(a, "POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vid}}, 400, "badRequest",
		"Invalid volume: Volume "+vid+" status must be available, but current status is: in-use.")
	cinderFault(a, "POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vid}}, 400, "badRequest",
		"Invalid volume: Backing up an in-use volume must use the force flag.")

	status, b, _ = a.Do("DELETE", "/compute/v2.1/servers/"+srv+"/os-volume_attachments/"+vid, nil)
	if status != 202 || len(b) != 0 {
		t.Fatalf("detach: %d %s", status, b)
	}
	if v := getVol(a, vid); v["status"] != "detaching" {
		t.Fatalf("detaching: %v", v["status"])
	}
	a.Clock.Advance(time.Second)
	if v := getVol(a, vid); v["status"] != "available" || len(v["attachments"].([]any)) != 0 {
		t.Fatalf("detached: %v", v)
	}
	status, b, _ = a.Do("DELETE", "/compute/v2.1/servers/"+srv+"/os-volume_attachments/"+vid, nil)
	if status != 404 {
		t.Fatalf("second detach: %d", status)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Instance "+srv+" is not attached to volume "+vid)

	snap := a.CinderJSON("POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": vid, "name": "snap"}}, 202)
	sandboxtest.SampleKeys(t, "cinder-snapshot-create-202.json", snap["snapshot"].(map[string]any), sandboxtest.Under("snapshot"))
	sid := snap["snapshot"].(map[string]any)["id"].(string)
	a.Clock.Advance(time.Second)
	snaps := a.CinderJSON("GET", "/snapshots/detail", nil, 200)
	sandboxtest.SampleKeys(t, "cinder-snapshots-detail.json", snaps["snapshots"].([]any)[0].(map[string]any), sandboxtest.FirstOf("snapshots"))
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "snapshot_id": sid}}, 400, "badRequest",
		"Invalid input received: Volume size '1'GB cannot be smaller than the snapshot size 2GB. They must be >= original snapshot size.")
	fromSnap := a.NewVolume(map[string]any{"size": 2, "snapshot_id": sid, "name": "copy"})
	cinderFault(a, "DELETE", "/volumes/"+vid, nil, 400, "badRequest", "have snapshots")

	cinderFault(a, "POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vid, "incremental": true}}, 400, "badRequest",
		"Invalid backup: No backups available to do an incremental backup.")
	bk := a.CinderJSON("POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vid, "name": "full"}}, 202)
	sandboxtest.SampleKeys(t, "cinder-backup-create-202.json", bk["backup"].(map[string]any), sandboxtest.Under("backup"))
	full := bk["backup"].(map[string]any)["id"].(string)
	if v := getVol(a, vid); v["status"] != "backing-up" {
		t.Fatalf("backing up: %v", v["status"])
	}
	a.Clock.Advance(time.Second)
	if v := getVol(a, vid); v["status"] != "available" {
		t.Fatalf("after backup: %v", v["status"])
	}
	incr := a.CinderJSON("POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": vid, "incremental": true}}, 202)["backup"].(map[string]any)["id"].(string)
	a.Clock.Advance(time.Second)
	backups := a.CinderJSON("GET", "/backups/detail", nil, 200)
	sandboxtest.SampleKeys(t, "cinder-backups-detail.json", backups["backups"].([]any)[0].(map[string]any), sandboxtest.FirstOf("backups"))
	byID := map[string]map[string]any{}
	for _, x := range backups["backups"].([]any) {
		byID[x.(map[string]any)["id"].(string)] = x.(map[string]any)
	}
	if byID[full]["is_incremental"] != false || byID[full]["has_dependent_backups"] != true || byID[incr]["is_incremental"] != true {
		t.Fatalf("backups: %v", backups)
	}
	cinderFault(a, "DELETE", "/backups/"+full, nil, 400, "badRequest", "Invalid backup: Incremental backups exist for this backup.")

	restore := a.CinderJSON("POST", "/backups/"+full+"/restore", map[string]any{"restore": map[string]any{"name": "restored"}}, 202)
	sandboxtest.SampleKeys(t, "cinder-backup-restore-202.json", restore["restore"].(map[string]any), sandboxtest.Under("restore"))
	rid := restore["restore"].(map[string]any)["volume_id"].(string)
	if v := getVol(a, rid); v["status"] != "restoring-backup" || v["size"] != float64(2) || v["name"] != "restored" {
		t.Fatalf("restoring: %v", v)
	}
	cinderFault(a, "POST", "/backups/"+full+"/restore", map[string]any{"restore": map[string]any{}}, 400, "badRequest", "Invalid backup: Backup status must be available")
	a.Clock.Advance(time.Second)
	vols := a.CinderJSON("GET", "/volumes/detail", nil, 200)
	sandboxtest.SampleKeys(t, "cinder-volumes-detail.json", vols["volumes"].([]any)[0].(map[string]any), sandboxtest.FirstOf("volumes"))
	small := a.NewVolume(map[string]any{"size": 1})
	a.Clock.Advance(time.Second)
	cinderFault(a, "POST", "/backups/"+full+"/restore", map[string]any{"restore": map[string]any{"volume_id": small}}, 400, "badRequest",
		"Invalid volume: volume size 1 is too small to restore backup of size 2.")
	a.CinderJSON("POST", "/backups/"+full+"/restore", map[string]any{"restore": map[string]any{"volume_id": fromSnap}}, 202)
	if v := getVol(a, fromSnap); v["status"] != "restoring-backup" {
		t.Fatalf("restoring onto: %v", v["status"])
	}
	a.Clock.Advance(time.Second)

	for _, id := range []string{incr, full} {
		a.CinderJSON("DELETE", "/backups/"+id, nil, 202)
		a.Clock.Advance(time.Second)
	}
	a.CinderJSON("DELETE", "/snapshots/"+sid, nil, 202)
	a.Clock.Advance(time.Second)
	for _, id := range []string{vid, fromSnap, rid, small} {
		a.CinderJSON("DELETE", "/volumes/"+id, nil, 202)
	}
	a.Clock.Advance(time.Second)
	cinderFault(a, "GET", "/volumes/"+vid, nil, 404, "itemNotFound", "Volume "+vid+" could not be found.")
	for _, kind := range []string{"volumes", "snapshots", "backups"} {
		if n := len(a.CinderJSON("GET", "/"+kind+"/detail", nil, 200)[kind].([]any)); n != 0 {
			t.Errorf("%d %s left", n, kind)
		}
	}
}

func TestVolumeQuotaRefusals(t *testing.T) {
	a := sandboxtest.New(t)
	cinder.SetQuota(a.Sandbox.Cloud, cinder.Quota{Volumes: 2, Gigabytes: 10, Snapshots: 1, Backups: 1, BackupGigabytes: 10})
	status, b, h := cinderDo(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 11}})
	if status != 413 || h.Get("Retry-After") != "0" {
		t.Fatalf("too large: %d %v", status, h)
	}
	sandboxtest.WantFault(t, b, "overLimit", 413, "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 11G, quota is 10G and 0G has been consumed.")
	v1 := a.NewVolume(map[string]any{"size": 4})
	a.NewVolume(map[string]any{"size": 1})
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1}}, 413, "overLimit",
		"VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'.")
	a.Clock.Advance(time.Second)
	cinderFault(a, "POST", "/volumes/"+v1+"/action", map[string]any{"os-extend": map[string]any{"new_size": 10}}, 413, "overLimit",
		"Requested 6G, quota is 10G and 5G has been consumed.")
	a.CinderJSON("POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": v1}}, 202)
	cinderFault(a, "POST", "/snapshots", map[string]any{"snapshot": map[string]any{"volume_id": v1}}, 413, "overLimit",
		"SnapshotLimitExceeded: Maximum number of snapshots allowed (1) exceeded")
	a.CinderJSON("POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": v1}}, 202)
	a.Clock.Advance(time.Second)
	cinderFault(a, "POST", "/backups", map[string]any{"backup": map[string]any{"volume_id": v1}}, 413, "overLimit",
		"BackupLimitExceeded: Maximum number of backups allowed (1) exceeded")
}

func TestVolumeListFiltersAndPages(t *testing.T) {
	a := sandboxtest.New(t)
	var ids []string
	for _, n := range []string{"a", "b", "a", "c"} {
		ids = append(ids, a.NewVolume(map[string]any{"size": 1, "name": n}))
		a.Clock.Advance(time.Second)
	}
	if got := a.CinderJSON("GET", "/volumes/detail?name=a", nil, 200)["volumes"].([]any); len(got) != 2 {
		t.Fatalf("name filter: %v", got)
	}
	if got := a.CinderJSON("GET", "/volumes?status=creating", nil, 200)["volumes"].([]any); len(got) != 0 {
		t.Fatalf("status filter: %v", got)
	}
	page := a.CinderJSON("GET", "/volumes/detail?limit=3", nil, 200)
	vs := page["volumes"].([]any)
	if len(vs) != 3 || vs[0].(map[string]any)["id"] != ids[3] || page["volumes_links"] == nil {
		t.Fatalf("first page (newest first): %v", page)
	}
	last := vs[2].(map[string]any)["id"].(string)
	rest := a.CinderJSON("GET", "/volumes/detail?limit=3&marker="+last, nil, 200)
	if vs := rest["volumes"].([]any); len(vs) != 1 || vs[0].(map[string]any)["id"] != ids[0] || rest["volumes_links"] != nil {
		t.Fatalf("second page: %v", rest)
	}
	cinderFault(a, "GET", "/volumes/detail?marker=00000000-0000-4000-8000-000000000000", nil, 404, "itemNotFound",
		"Volume 00000000-0000-4000-8000-000000000000 could not be found.")
	status, b, _ := cinderDo(a, "GET", "/volumes/detail", nil)
	_ = b
	if status != 200 {
		t.Fatal(status)
	}
	req, _ := http.NewRequest("GET", a.URL+"/volume/v3/not-my-project/volumes", nil)
	req.Header.Set("X-Auth-Token", a.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("another project's URL: %d", resp.StatusCode)
	}
}

func TestVolumeCreateRefusalsAndErrors(t *testing.T) {
	a := sandboxtest.New(t)
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 0}}, 400, "badRequest", "0 is less than the minimum of 1")
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "volume_type": "gold"}}, 404, "itemNotFound",
		"Volume type with name gold could not be found.")
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "availability_zone": "nowhere"}}, 400, "badRequest",
		"Availability zone 'nowhere' is invalid.")
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 1, "imageRef": "00000000-0000-4000-8000-000000000000"}}, 400, "badRequest",
		"Invalid image identifier or unable to access requested image.")
	img := a.FirstID("/image/v2/images", "images", "Rocky Linux 9")
	cinderFault(a, "POST", "/volumes", map[string]any{"volume": map[string]any{"size": 5, "imageRef": img}}, 400, "badRequest",
		"Invalid input received: Volume size 5GB cannot be smaller than the image minDisk size 10GB.")
	boot := a.NewVolume(map[string]any{"size": 10, "imageRef": img})

	bad := a.NewVolume(map[string]any{"size": 1, "volume_type": cinder.ErrorVolumeType})
	a.Clock.Advance(time.Second)
	if v := getVol(a, boot); v["bootable"] != "true" || v["volume_image_metadata"].(map[string]any)["image_id"] != img {
		t.Errorf("volume from image: %v", v)
	}
	if v := getVol(a, bad); v["status"] != "error" {
		t.Fatalf("error type: %v", v["status"])
	}
	msgs := a.CinderJSON("GET", "/messages?resource_uuid="+bad, nil, 200)["messages"].([]any)
	if len(msgs) != 1 || !strings.Contains(msgs[0].(map[string]any)["user_message"].(string), "Could not find any available weighted backend") {
		t.Fatalf("messages: %v", msgs)
	}
	a.CinderJSON("DELETE", "/volumes/"+bad, nil, 202)

	cinderFault(a, "POST", "/volumes/"+boot+"/action", map[string]any{"os-force_delete": map[string]any{}}, 403, "forbidden",
		"Policy doesn't allow volume_extension:volume_admin_actions:force_delete to be performed.")
	cinder.AllowAdminActions(a.Sandbox.Cloud)
	a.CinderJSON("POST", "/volumes/"+boot+"/action", map[string]any{"os-force_delete": map[string]any{}}, 202)
	if v := getVol(a, boot); v["status"] != "deleting" {
		t.Fatalf("force-deleted: %v", v["status"])
	}
}

func TestVolumeAttachRefusalsAndServerDelete(t *testing.T) {
	a := sandboxtest.New(t)
	srv := a.CreateServer("vm", "Debian 12 bookworm", "private", nil)
	vid := a.NewVolume(map[string]any{"size": 1})
	a.Clock.Advance(time.Second)
	attach := func(server, volume string) (int, []byte) {
		status, b, _ := a.Do("POST", "/compute/v2.1/servers/"+server+"/os-volume_attachments",
			map[string]any{"volumeAttachment": map[string]any{"volumeId": volume}})
		return status, b
	}
	status, b := attach(srv, vid)
	if status != 409 {
		t.Fatalf("attach to a building server: %d %s", status, b)
	}
	sandboxtest.WantFault(t, b, "conflictingRequest", 409, "Cannot 'attach_volume' instance "+srv+" while it is in vm_state building")
	a.Clock.Advance(4 * time.Second)
	status, b = attach("00000000-0000-4000-8000-000000000000", vid)
	if status != 404 {
		t.Fatalf("no server: %d", status)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Instance 00000000-0000-4000-8000-000000000000 could not be found.")
	status, b = attach(srv, "00000000-0000-4000-8000-000000000000")
	if status != 404 {
		t.Fatalf("no volume: %d", status)
	}
	sandboxtest.WantFault(t, b, "itemNotFound", 404, "Volume 00000000-0000-4000-8000-000000000000 could not be found.")
	other := a.CreateServer("other", "Debian 12 bookworm", "private", nil)
	a.Clock.Advance(4 * time.Second)
	if status, b := attach(srv, vid); status != 200 {
		t.Fatalf("attach: %d %s", status, b)
	}
	status, b = attach(other, vid)
	if status != 400 {
		t.Fatalf("attach elsewhere: %d", status)
	}
	sandboxtest.WantFault(t, b, "badRequest", 400, "Invalid volume: volume "+vid+" is already attached to instances: "+srv)
	a.Clock.Advance(time.Second)

	a.JSON("DELETE", "/compute/v2.1/servers/"+srv, nil, 204)
	if v := getVol(a, vid); v["status"] != "in-use" {
		t.Fatalf("while the server is deleted: %v", v["status"])
	}
	a.Clock.Advance(time.Second)
	if v := getVol(a, vid); v["status"] != "available" || len(v["attachments"].([]any)) != 0 {
		t.Fatalf("after the server is gone: %v", v)
	}
}

// TestOpenstackCLIVolumes runs Debian's openstack CLI on the sandbox's
// Cinder: the answers are what the real client expects. (Each run of the
// CLI costs seconds: the few calls here cover create, the backup API and
// the detail list.)
func TestOpenstackCLIVolumes(t *testing.T) {
	_, clk, cli := sandboxtest.CLISandbox(t, sandbox.Options{ActionDelay: 20 * time.Millisecond})
	var v map[string]any
	cli(&v, "volume", "create", "--size", "1", "cli-vol")
	if v["name"] != "cli-vol" || v["size"] != float64(1) {
		t.Fatalf("volume create: %v", v)
	}
	clk.Advance(50 * time.Millisecond)
	var b map[string]any
	cli(&b, "volume", "backup", "create", "--name", "cli-bak", "cli-vol")
	if b["name"] != "cli-bak" || b["id"] == nil {
		t.Fatalf("backup create: %v", b)
	}
	clk.Advance(50 * time.Millisecond)
	var list []map[string]any
	cli(&list, "volume", "list", "--long")
	if len(list) != 1 || list[0]["Name"] != "cli-vol" || list[0]["Status"] != "available" || list[0]["Bootable"] != "false" {
		t.Fatalf("volume list: %v", list)
	}
}
