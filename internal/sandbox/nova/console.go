package nova

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/core"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/glance"
	"github.com/mcp-infomaniak/mcp-infomaniak/internal/sandbox/neutron"
)

// Nova's os-getConsoleOutput server action: the serial console's log, its
// last `length` lines (all when absent, null or -1). The sandbox writes what
// a boot of the server's image would print: the kernel, cloud-init's network
// table, the SSH host key fingerprints and authorized keys, the login prompt.
func init() {
	serverActions["os-getConsoleOutput"] = func(s *api, w http.ResponseWriter, r *http.Request, sv *Server, arg json.RawMessage) {
		var body struct {
			Length json.RawMessage `json:"length"`
		}
		if err := json.Unmarshal(arg, &body); err != nil {
			core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute os-getConsoleOutput. Value: %s.", arg)
			return
		}
		length := -1
		if l := strings.Trim(string(body.Length), `"`); len(body.Length) > 0 && l != "null" {
			n, err := strconv.Atoi(l)
			if err != nil || n < -1 {
				core.Fault(w, http.StatusBadRequest, "Invalid input for field/attribute length. Value: %s. '%s' does not match '^-?[0-9]+$'", l, l)
				return
			}
			length = n
		}
		if sv.HostID == "" || sv.Launched.IsZero() {
			core.Fault(w, http.StatusConflict, "Instance %s is not ready", sv.ID)
			return
		}
		lines := s.consoleLog(sv)
		if length >= 0 && length < len(lines) {
			lines = lines[len(lines)-length:]
		}
		core.WriteJSON(w, http.StatusOK, map[string]string{"output": strings.Join(lines, "\n")})
	}
}

// loginUsers is the default user of each distribution's cloud image.
var loginUsers = map[string]string{"debian": "debian", "ubuntu": "ubuntu", "rocky": "rocky", "fedora": "core",
	"centos": "cloud-user", "almalinux": "almalinux"}

// consoleLog is the boot log of sv. Callers hold s.Mu.
func (s *api) consoleLog(sv *Server) []string {
	distro, pretty := "debian", "Linux"
	if img := glance.ByID(s.Cloud, sv.ImageID); img != nil {
		distro, pretty = img.OSDistro, img.Name
	}
	user := loginUsers[distro]
	if user == "" {
		user = "cloud-user"
	}
	sum := sha256.Sum256([]byte(sv.ID))
	hostKey := strings.TrimRight(base64.StdEncoding.EncodeToString(sum[:]), "=")
	t := func(sec float64) string { return fmt.Sprintf("[%12.6f]", sec) }
	at := sv.Launched.UTC()
	stamp := func(d time.Duration) string { return at.Add(d).Format("Mon, 02 Jan 2006 15:04:05 +0000") }
	out := []string{
		t(0) + " Linux version 6.1.0-27-cloud-amd64 (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC",
		t(0) + " Command line: BOOT_IMAGE=/boot/vmlinuz root=LABEL=cloudimg-rootfs ro console=tty0 console=ttyS0,115200n8",
		t(0) + " DMI: OpenStack Foundation OpenStack Nova, BIOS 1.16.3-debian-1.16.3-2 04/01/2014",
		t(0.412337) + " virtio_blk virtio2: [vda] 41943040 512-byte logical blocks (21.5 GB/20.0 GiB)",
		t(1.873021) + " EXT4-fs (vda1): mounted filesystem with ordered data mode. cinder.Quota mode: none.",
		t(2.514400) + " systemd[1]: Hostname set to <" + sv.Name + ">.",
		t(4.102775) + " cloud-init[402]: Cloud-init v. 22.4.2 running 'init-local' at " + stamp(4*time.Second) + ". Up 4.08 seconds.",
		t(5.880412) + " cloud-init[498]: Cloud-init v. 22.4.2 running 'init' at " + stamp(6*time.Second) + ". Up 5.86 seconds.",
		"ci-info: ++++++++++++++++++++++++++++++++Net device info++++++++++++++++++++++++++++++++",
		"ci-info: +--------+------+------------------------------+---------------+--------+-------------------+",
		"ci-info: | Device |  Up  |           Address            |      Mask     | Scope  |     Hw-Address    |",
		"ci-info: +--------+------+------------------------------+---------------+--------+-------------------+",
	}
	for i, p := range s.db.network.ServerPorts(sv.ID) {
		for _, ip := range p.FixedIPs {
			mask := "255.255.255.0"
			if neutron.IPVersion(ip.Addr) == 6 {
				mask = "/64"
			}
			out = append(out, fmt.Sprintf("ci-info: |  eth%d  | True | %-28s | %-13s | global | %s |", i, ip.Addr, mask, p.MAC))
		}
	}
	out = append(out,
		"ci-info: |   lo   | True |          127.0.0.1           |   255.0.0.0   |  host  |         .         |",
		"ci-info: +--------+------+------------------------------+---------------+--------+-------------------+")
	if k := s.db.compute.keypairByName(sv.KeyName); k != nil {
		out = append(out,
			"ci-info: +++++++++Authorized keys from /home/"+user+"/.ssh/authorized_keys for user "+user+"++++++++++",
			"ci-info: | Keytype |                Fingerprint (sha256)                   | Options | Comment |",
			"ci-info: | "+strings.SplitN(k.PublicKey, " ", 2)[0]+" | "+k.Fingerprint+" |    -    | "+k.Name+" |")
	} else {
		out = append(out, "ci-info: no authorized SSH keys fingerprints found for user "+user+".")
	}
	out = append(out,
		"<14>"+at.Add(9*time.Second).Format("Jan _2 15:04:05")+" cloud-init: #############################################################",
		"<14>"+at.Add(9*time.Second).Format("Jan _2 15:04:05")+" cloud-init: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
		"<14>"+at.Add(9*time.Second).Format("Jan _2 15:04:05")+" cloud-init: 256 SHA256:"+hostKey+" root@"+sv.Name+" (ED25519)",
		"<14>"+at.Add(9*time.Second).Format("Jan _2 15:04:05")+" cloud-init: -----END SSH HOST KEY FINGERPRINTS-----",
		"<14>"+at.Add(9*time.Second).Format("Jan _2 15:04:05")+" cloud-init: #############################################################",
		t(10.2)+" cloud-init[612]: Cloud-init v. 22.4.2 running 'modules:final' at "+stamp(10*time.Second)+". Up 10.18 seconds.",
		t(10.9)+" cloud-init[612]: Cloud-init v. 22.4.2 finished at "+stamp(11*time.Second)+". Datasource DataSourceOpenStackLocal [net,ver=2].  Up 10.89 seconds",
		"",
		pretty+" "+sv.Name+" ttyS0",
		"",
		sv.Name+" login: ",
	)
	return out
}
