#!/bin/bash
# mcp-infomaniak integration lab: a real OpenStack (Zed, Debian bookworm
# packages) on 127.0.0.1, no systemd.
# Idempotent: re-running skips what is already installed / configured / running.
# Usage: bash test/openstack/up.sh     (stop with down.sh; RESET=1 for empty DBs)
# State, logs and data go to $OSLAB (default ${TMPDIR:-/tmp}/oslab); the last
# line printed is "clouds.yaml: $OSLAB/clouds.yaml" (entries lab, lab-appcred).
set -eEuo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin          # avoid pyenv python shims
export DEBIAN_FRONTEND=noninteractive
HERE=$(cd "$(dirname "$0")" && pwd)
export OSLAB=${OSLAB:-${TMPDIR:-/tmp}/oslab}; LOG=$OSLAB/logs; RUN=$OSLAB/run; DATA=$OSLAB/data
mkdir -p "$LOG" "$RUN" "$DATA"
TIMES=$OSLAB/timings.txt
PW=secret                     # admin + every service user
DBU=os; DBP=ospass; DB="mysql+pymysql://$DBU:$DBP@127.0.0.1"
RABBIT="rabbit://guest:guest@127.0.0.1:5672/"
KS=http://127.0.0.1:5000
COMPUTE_HOST=oslab
# Cinder NFS driver on a fake "share": a bind mount placed where the driver
# expects its NFS mount (os-brick only checks that the path is a mount point).
NFS_SHARE=127.0.0.1:/oslab-share
NFS_MNT=/var/lib/cinder/mnt/$(printf %s "$NFS_SHARE" | md5sum | cut -d' ' -f1)

ts() { date +%s.%N; }
mark() { printf '%-32s %6.1f s\n' "$1" "$(awk "BEGIN{print $(ts) - $2}")" | tee -a "$TIMES"; }
log() { echo "[up $(date +%T)] $*"; }
# installed PKGS...: every one of PKGS is installed.
installed() { [ "$(dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null | grep -c 'install ok installed')" -eq $# ]; }
TSTART=$(ts)
echo "--- up.sh $(date -u +%FT%TZ)" >> "$TIMES"

# ------------------------------------------------------- failure reporting
# STEP says what is being done, FAIL_LOGS which logs matter for it. On any
# non-zero exit the tails of those logs (and of the most recently written
# ones) are printed.
STEP="start"; FAIL_LOGS=""
step() { STEP=$1; shift; FAIL_LOGS="$*"; }
on_exit() {
  local rc=$?
  trap - EXIT ERR
  [ "$rc" -eq 0 ] && return 0
  echo "[up] FAILED (exit $rc) during: $STEP${FAILED_CMD:+ -- at line $FAILED_LINE: $FAILED_CMD}" >&2
  local f files
  files=$( { for f in $FAIL_LOGS; do case $f in /*) echo "$f";; *) echo "$LOG/$f";; esac; done
             ls -t "$LOG"/*.log 2>/dev/null | head -n 3; } | awk '!seen[$0]++')
  for f in $files; do
    [ -s "$f" ] || continue
    echo "----- tail -n 40 $f" >&2; tail -n 40 "$f" >&2
  done
  echo "[up] all logs: $LOG" >&2
  exit "$rc"
}
trap 'FAILED_LINE=$LINENO; FAILED_CMD=$BASH_COMMAND' ERR
trap on_exit EXIT

# ---------------------------------------------------------------- 1. packages
step "package install" apt-update.log apt-install.log
T0=$(ts)
PKGS="keystone nova-api nova-conductor nova-scheduler glance-api cinder-api
 cinder-scheduler cinder-backup placement-api neutron-server rabbitmq-server
 mariadb-server python3-openstackclient uwsgi-core uwsgi-plugin-python3
 python3-pymysql nfs-common qemu-utils dmidecode curl jq"
# nova-compute / cinder-volume packages are NOT installed: they pull libvirt,
# qemu, tgt, open-iscsi. Their python code is in python3-nova / python3-cinder
# and we start them through the python entry points (fake drivers).
if ! installed $PKGS; then
  log "installing packages"
  # no service may be started by maintainer scripts (no systemd here anyway)
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  # all Debian openstack debconf questions default to "don't configure"
  # apt-get update first when the package lists are missing or older than a day
  # (stale lists name .debs the mirror no longer has); once more if install fails.
  apt_update() {
    log "apt-get update"; local t=$(ts)
    apt-get update > "$LOG/apt-update.log" 2>&1
    mark "apt-get update" "$t"
  }
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n 1)" ] ||
     ! apt-cache policy keystone 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_update
  fi
  t=$(ts)
  if ! apt-get install -y --no-install-recommends $PKGS > "$LOG/apt-install.log" 2>&1; then
    log "apt-get install failed; updating package lists and retrying"
    apt_update
    apt-get install -y --no-install-recommends $PKGS >> "$LOG/apt-install.log" 2>&1
  fi
  mark "package install (apt-get)" "$t"
  mark "packages total" "$T0"
fi

# ------------------------------------------------------------- helpers
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
# start NAME CMD...: run in its own session (pid == pgid, so down.sh can stop
# the whole group it started) with output in logs/NAME.log
start() {
  local n=$1; shift
  if alive "$n"; then log "$n already running (pid $(cat "$RUN/$n.pid"))"; return; fi
  log "starting $n"
  setsid "$@" >> "$LOG/$n.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$n.pid"
}
wait_for() {  # wait_for DESC TIMEOUT CMD...
  local d=$1 t=$2; shift 2; local i=0
  until "$@" >/dev/null 2>&1; do
    i=$((i+1)); [ $i -gt $((t*2)) ] && { echo "TIMEOUT waiting for $d" >&2; return 1; }
    sleep 0.5
  done
}
http_up() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" | grep -qE '^(200|300|401)$'; }
# apt_install STEP LOGNAME PKGS...: a service's packages, installed unless
# every one already is (several installers may run at once: apt waits for
# dpkg's lock), apt's output in $LOG/LOGNAME, the time it took marked STEP.
apt_install() {
  local s=$1 l=$2 t; shift 2
  step "$s" "$l"
  if ! installed "$@"; then
    log "installing $*"
    t=$(ts)
    apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@" > "$LOG/$l" 2>&1
    mark "$s" "$t"
  fi
}
conf() {  # conf FILE  (content on stdin) -- keep the Debian original once
  [ -f "$1" ] && [ ! -f "$1.dist" ] && cp -p "$1" "$1.dist"
  cat > "$1"
}
ksauth() {  # keystone_authtoken-style block for service user $1
cat <<EOF
www_authenticate_uri = $KS/
auth_url = $KS/
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $PW
region_name = RegionOne
EOF
}

# ---------------------------------------------------------- 2. infra: db + mq
T1=$(ts)
step "mariadb start" mariadb.log
if [ "${RESET:-0}" = 1 ]; then bash $HERE/down.sh; mkdir -p $LOG.old; mv $LOG/*.log $LOG.old/ 2>/dev/null || true; fi
mkdir -p /run/mysqld; chown mysql:mysql /run/mysqld
start mariadb /usr/sbin/mariadbd --user=mysql --bind-address=127.0.0.1 \
  --socket=/run/mysqld/mysqld.sock --pid-file=/run/mysqld/mysqld.pid \
  --max-connections=1000 --innodb-buffer-pool-size=64M --skip-name-resolve
wait_for mariadb 60 mysqladmin --socket=/run/mysqld/mysqld.sock ping
step "database setup" mariadb.log
DBS="keystone placement glance cinder neutron nova_api nova nova_cell0"
if [ "${RESET:-0}" = 1 ]; then   # RESET=1 bash up.sh : start from empty databases/data
  log "RESET: dropping databases and data"
  for d in $DBS; do echo "DROP DATABASE IF EXISTS $d;"; done | mysql
  rm -f $RUN/dbsync.done
  mountpoint -q "$NFS_MNT" && umount "$NFS_MNT"
  rm -rf $DATA/glance $DATA/cinder-nfs $DATA/cinder-backups $DATA/nova /etc/keystone/fernet-keys /etc/keystone/credential-keys
fi
for d in $DBS; do echo "CREATE DATABASE IF NOT EXISTS $d;"; done | mysql
mysql -e "CREATE USER IF NOT EXISTS '$DBU'@'127.0.0.1' IDENTIFIED BY '$DBP';
          CREATE USER IF NOT EXISTS '$DBU'@'localhost' IDENTIFIED BY '$DBP';
          GRANT ALL ON *.* TO '$DBU'@'127.0.0.1'; GRANT ALL ON *.* TO '$DBU'@'localhost'; FLUSH PRIVILEGES;"

cat > /etc/rabbitmq/rabbitmq-env.conf <<'EOF'
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=5672
EOF
export ERL_EPMD_ADDRESS=127.0.0.1
step "rabbitmq start" rabbitmq.log epmd.log /var/log/rabbitmq/rabbit@localhost.log
start epmd /usr/bin/epmd -address 127.0.0.1
start rabbitmq setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups \
  env HOME=/var/lib/rabbitmq ERL_EPMD_ADDRESS=127.0.0.1 \
  /usr/lib/rabbitmq/bin/rabbitmq-server
wait_for rabbitmq 90 rabbitmqctl -q await_startup

# ------------------------------------------------------------ 3. configuration
step "configuration"
mkdir -p $DATA/glance/{images,staging,tasks} $DATA/cinder-backups $DATA/nova/instances \
         /var/lib/{nova,cinder,neutron,glance}/tmp

conf /etc/keystone/keystone.conf <<EOF
[DEFAULT]
log_file = $LOG/keystone.app.log
[database]
connection = $DB/keystone
[token]
provider = fernet
EOF

conf /etc/placement/placement.conf <<EOF
[DEFAULT]
log_file = $LOG/placement.app.log
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement
[keystone_authtoken]
$(ksauth placement)
EOF

conf /etc/glance/glance-api.conf <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
[database]
connection = $DB/glance
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $DATA/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $DATA/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $DATA/glance/tasks/
[keystone_authtoken]
$(ksauth glance)
[paste_deploy]
flavor = keystone
[oslo_concurrency]
lock_path = /var/lib/glance/tmp
EOF

conf /etc/cinder/cinder.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
auth_strategy = keystone
my_ip = 127.0.0.1
host = oslab
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
state_path = /var/lib/cinder
rootwrap_config = /etc/cinder/rootwrap.conf
api_paste_config = /etc/cinder/api-paste.ini
glance_api_servers = http://127.0.0.1:9292
enabled_backends = nfs
backup_driver = cinder.backup.drivers.posix.PosixBackupDriver
backup_posix_path = $DATA/cinder-backups
backup_file_size = 33554432
# publish backend stats to the scheduler soon after start (default: 60s + up to 60s fuzz)
periodic_interval = 20
periodic_fuzzy_delay = 0
[database]
connection = $DB/cinder
[keystone_authtoken]
$(ksauth cinder)
service_token_roles = service
service_token_roles_required = true
[nova]
$(ksauth nova)
[oslo_concurrency]
lock_path = /var/lib/cinder/tmp
[nfs]
volume_driver = cinder.volume.drivers.nfs.NfsDriver
volume_backend_name = nfs
nfs_shares_config = /etc/cinder/nfs_shares
nfs_mount_point_base = /var/lib/cinder/mnt
nfs_sparsed_volumes = true
nfs_qcow2_volumes = false
nfs_snapshot_support = true
nas_secure_file_operations = false
nas_secure_file_permissions = false
EOF
echo "$NFS_SHARE" > /etc/cinder/nfs_shares
mkdir -p $DATA/cinder-nfs "$NFS_MNT"
mountpoint -q "$NFS_MNT" || mount --bind $DATA/cinder-nfs "$NFS_MNT"

conf /etc/neutron/neutron.conf <<EOF
[DEFAULT]
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT
bind_host = 127.0.0.1
bind_port = 9696
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
dhcp_agent_notification = false
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
[database]
connection = $DB/neutron
[keystone_authtoken]
$(ksauth neutron)
[nova]
$(ksauth nova)
[oslo_concurrency]
lock_path = /var/lib/neutron/tmp
EOF
conf /etc/neutron/plugins/ml2/ml2_conf.ini <<EOF
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF

conf /etc/nova/nova.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
my_ip = 127.0.0.1
state_path = /var/lib/nova
instances_path = $DATA/nova/instances
# Nova's fake driver with a disk to upload (nova/oslab_fake.py), so that
# createImage makes an active image; one host, so a resize stays on it.
compute_driver = oslab_fake.UploadingFakeDriver
allow_resize_to_same_host = true
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 5
[keystone_authtoken]
$(ksauth nova)
service_token_roles_required = true
[service_user]
send_service_user_token = true
$(ksauth nova)
[placement]
$(ksauth placement)
[neutron]
$(ksauth neutron)
[cinder]
os_region_name = RegionOne
$(ksauth cinder)
[glance]
region_name = RegionOne
[vnc]
enabled = false
[oslo_concurrency]
lock_path = /var/lib/nova/tmp
EOF
mkdir -p $OSLAB/lib && cp $HERE/nova/oslab_fake.py $OSLAB/lib/
conf /etc/nova/nova-compute-oslab.conf <<EOF
[DEFAULT]
host = $COMPUTE_HOST
EOF

# ------------------------------------------------------------- 4. db sync
if [ ! -f $RUN/dbsync.done ]; then
  log "db sync (fresh databases: about a minute)"
  step "keystone db sync" keystone-manage.log keystone.app.log
  { keystone-manage db_sync
    keystone-manage fernet_setup --keystone-user root --keystone-group root
    keystone-manage credential_setup --keystone-user root --keystone-group root
    keystone-manage bootstrap --bootstrap-password $PW --bootstrap-region-id RegionOne \
      --bootstrap-admin-url $KS/v3/ --bootstrap-internal-url $KS/v3/ --bootstrap-public-url $KS/v3/
  } >> $LOG/keystone-manage.log 2>&1
  step "placement db sync" placement-manage.log placement.app.log
  placement-manage db sync >> $LOG/placement-manage.log 2>&1
  step "glance db sync" glance-manage.log
  glance-manage db_sync >> $LOG/glance-manage.log 2>&1
  step "cinder db sync" cinder-manage.log
  cinder-manage db sync >> $LOG/cinder-manage.log 2>&1
  step "neutron db sync" neutron-db-manage.log
  neutron-db-manage --config-file /etc/neutron/neutron.conf \
    --config-file /etc/neutron/plugins/ml2/ml2_conf.ini upgrade heads >> $LOG/neutron-db-manage.log 2>&1
  step "nova db sync" nova-manage.log
  { nova-manage api_db sync
    nova-manage cell_v2 map_cell0 --database_connection $DB/nova_cell0
    nova-manage cell_v2 list_cells | grep -q ' cell1 ' || nova-manage cell_v2 create_cell --name cell1
    nova-manage db sync
  } >> $LOG/nova-manage.log 2>&1
  touch $RUN/dbsync.done
fi
step "neutron fake agent row" mariadb.log
# No L2 agent runs here. ML2's openvswitch driver binds a port if an alive OVS
# agent is registered for the port's host: register one whose heartbeat lies in
# the future, so neutron always considers it alive (vxlan tenant networks,
# physnet1 for flat/vlan provider networks). Ports bind (vif_type=ovs) but stay
# status DOWN since nothing wires them; nova's fake driver does not care.
AGENT_CONF='{"tunnel_types": ["vxlan"], "bridge_mappings": {"physnet1": "br-ex"}, "tunneling_ip": "127.0.0.1", "integration_bridge": "br-int", "datapath_type": "system", "ovs_hybrid_plug": false, "ovs_capabilities": {"datapath_types": ["system"], "iface_types": []}, "l2_population": false, "arp_responder_enabled": false, "enable_distributed_routing": false, "extensions": []}'
mysql neutron -e "INSERT INTO agents (id, agent_type, \`binary\`, topic, host, admin_state_up,
  created_at, started_at, heartbeat_timestamp, description, configurations, \`load\`)
  VALUES ('0a5ab000-0000-4000-8000-000000000001', 'Open vSwitch agent',
  'neutron-openvswitch-agent', 'N/A', '$COMPUTE_HOST', 1, NOW(), NOW(), '2099-01-01 00:00:00',
  'fake agent registered by openstack-lab up.sh', '$AGENT_CONF', 0)
  ON DUPLICATE KEY UPDATE host='$COMPUTE_HOST', heartbeat_timestamp='2099-01-01 00:00:00'"
mark "configure (db+mq+config+sync)" "$T1"

# ------------------------------------------------------------ 5. services
T2=$(ts)
UW="uwsgi --plugin python3 --master --processes 1 --threads 4 --enable-threads
    --lazy-apps --die-on-term --buffer-size 65535 --need-app --add-header Connection:close"
start keystone  $UW --http-socket 127.0.0.1:5000 --wsgi-file /usr/bin/keystone-wsgi-public
start placement $UW --http-socket 127.0.0.1:8778 --wsgi-file /usr/bin/placement-api
step "keystone start" keystone.log keystone.app.log
wait_for keystone 60 http_up $KS/v3
mark "keystone up" "$T2"

step "bootstrap identity (users, catalog, application credential)" bootstrap.log keystone.log keystone.app.log
/usr/bin/python3 $HERE/bootstrap.py identity 2>&1 | tee -a $LOG/bootstrap.log

start glance-api     glance-api --config-file /etc/glance/glance-api.conf
start cinder-api     cinder-api --config-file /etc/cinder/cinder.conf
start cinder-scheduler cinder-scheduler --config-file /etc/cinder/cinder.conf
start cinder-volume  /usr/bin/python3 -c 'import sys; from cinder.cmd.volume import main; sys.exit(main())' \
                     --config-file /etc/cinder/cinder.conf
start cinder-backup  cinder-backup --config-file /etc/cinder/cinder.conf
start neutron-server neutron-server --config-file /etc/neutron/neutron.conf \
                     --config-file /etc/neutron/plugins/ml2/ml2_conf.ini
start nova-api       nova-api --config-file /etc/nova/nova.conf
start nova-conductor nova-conductor --config-file /etc/nova/nova.conf
start nova-scheduler nova-scheduler --config-file /etc/nova/nova.conf
# Nova loads its driver from nova.virt only: the lab's is put there by name.
start nova-compute   env PYTHONPATH=$OSLAB/lib /usr/bin/python3 -c 'import sys; from nova.cmd.compute import main; import oslab_fake; sys.modules["nova.virt.oslab_fake"] = oslab_fake; sys.exit(main())' \
                     --config-file /etc/nova/nova.conf --config-file /etc/nova/nova-compute-oslab.conf

step "placement API" placement.log placement.app.log
wait_for placement 90 http_up http://127.0.0.1:8778/
step "glance API" glance-api.log
wait_for glance    90 http_up http://127.0.0.1:9292/
step "cinder API" cinder-api.log
wait_for cinder    90 http_up http://127.0.0.1:8776/
step "neutron API" neutron-server.log
wait_for neutron   90 http_up http://127.0.0.1:9696/
step "nova API" nova-api.log
wait_for nova      90 http_up http://127.0.0.1:8774/
mark "start: all APIs answer" "$T2"

# compute service registered + mapped into cell1
step "nova-compute registration" nova-compute.log nova-conductor.log
wait_for nova-compute-registered 120 sh -c "nova-manage cell_v2 discover_hosts >/dev/null 2>&1; \
  mysql -N nova_api -e 'select host from host_mappings' | grep -q ."
step "bootstrap resources (flavors, image, network, quotas, clouds.yaml)" bootstrap.log glance-api.log neutron-server.log cinder-api.log nova-api.log
/usr/bin/python3 $HERE/bootstrap.py resources 2>&1 | tee -a $LOG/bootstrap.log
step "nova-compute resource provider in placement" nova-compute.log placement.app.log
# nova-compute registers its resource provider on its periodic task (<=60s)
rp_ready() { T=$(openstack --os-auth-url $KS/v3 --os-username admin --os-password $PW \
  --os-project-name admin --os-user-domain-name Default --os-project-domain-name Default \
  token issue -f value -c id) && curl -sf -H "X-Auth-Token: $T" http://127.0.0.1:8778/resource_providers \
  | jq -e '.resource_providers | length > 0'; }
wait_for placement-resource-provider 120 rp_ready
# cinder-scheduler must have received the nfs backend's capabilities
pools_ready() { curl -sf -H "X-Auth-Token: $T" \
  "http://127.0.0.1:8776/v3/$(curl -sf -H "X-Auth-Token: $T" -H "X-Subject-Token: $T" $KS/v3/auth/tokens | jq -r .token.project.id)/scheduler-stats/get_pools" \
  | jq -e '.pools | length > 0'; }
step "cinder backend pool in scheduler" cinder-volume.log cinder-scheduler.log
wait_for cinder-backend-in-scheduler 150 pools_ready
mark "start: ready (RP + cinder pool)" "$T2"
. $HERE/services/swift.sh   # object storage: Swift, tempurl, s3api with s3token
. $HERE/services/octavia.sh  # load balancers: Octavia with its noop drivers
. $HERE/services/cloudkitty.sh # rating: CloudKitty on InfluxDB, hashmap rules, rated hours pushed
. $HERE/services/designate.sh  # DNS: Designate with BIND 9 on 127.0.0.1:53
mark "up.sh total" "$TSTART"
STEP=done
log "done. admin: . $OSLAB/admin-openrc ; logs in $LOG ; timings in $TIMES"
log "try: OS_CLIENT_CONFIG_FILE=$OSLAB/clouds.yaml openstack --os-cloud lab server list"
echo "clouds.yaml: $OSLAB/clouds.yaml"
