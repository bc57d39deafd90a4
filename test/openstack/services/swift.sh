# Swift object storage for the lab, sourced by up.sh once Keystone and the
# base services are ready (it uses up.sh's apt_install, step, start, wait_for, mark, conf,
# ksauth, log and $OSLAB). Idempotent like up.sh: installs what is missing,
# builds the rings once, starts what is not running, registers Keystone's
# side every time (find or create).
#
# One replica on a local directory (no mount point checked); Keystone auth
# (authtoken + keystoneauth: admin, member and SwiftOperator operate an
# account), tempurl, bulk, slo/dlo, and s3api + s3token so that EC2
# credentials made in this Keystone sign real AWS SigV4 requests (path-style,
# region RegionOne) against the proxy at http://127.0.0.1:8080.
T_SWIFT=$(ts)
SWIFT_DATA=$DATA/swift
SWIFT_PKGS="swift swift-proxy swift-account swift-container swift-object"

apt_install "swift: package install" apt-swift.log $SWIFT_PKGS

step "swift: configuration and rings" swift-rings.log
mkdir -p $SWIFT_DATA/node/d1 /var/cache/swift /run/swift
conf /etc/swift/swift.conf <<EOF
[swift-hash]
swift_hash_path_suffix = oslab
swift_hash_path_prefix = oslab
[storage-policy:0]
name = Policy-0
default = yes
EOF
# account 6202, container 6201, object 6200: Swift's own default ports
for kind in account:6202 container:6201 object:6200; do
  name=${kind%%:*} port=${kind##*:}
  conf /etc/swift/$name-server.conf <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 1
user = root
devices = $SWIFT_DATA/node
mount_check = false
log_name = swift-$name
[pipeline:main]
pipeline = $name-server
[app:$name-server]
use = egg:swift#$name
[$name-updater]
interval = 5
EOF
  if [ ! -f /etc/swift/$name.ring.gz ]; then
    # part power 8, one replica, one hour between moves of a partition
    { swift-ring-builder /etc/swift/$name.builder create 8 1 1
      swift-ring-builder /etc/swift/$name.builder add r1z1-127.0.0.1:$port/d1 100
      swift-ring-builder /etc/swift/$name.builder rebalance
    } >> $LOG/swift-rings.log 2>&1
  fi
done

# authtoken before s3api and s3token (its checks would strip what s3token
# found); s3api: location is the region a SigV4 signature names, Keystone's
# here. No memcache: authtoken keeps its tokens in process, tempurl and
# keystoneauth read the account from the account server.
conf /etc/swift/proxy-server.conf <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = 8080
workers = 1
user = root
log_name = swift-proxy
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats bulk tempurl authtoken s3api s3token keystoneauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:s3api]
use = egg:swift#s3api
location = RegionOne
[filter:s3token]
use = egg:swift#s3token
auth_uri = $KS/v3
reseller_prefix = AUTH_
delay_auth_decision = False
# Keystone answers /v3/s3tokens only to a service (since its 2025 fix)
$(ksauth swift)
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
$(ksauth swift)
delay_auth_decision = True
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member, SwiftOperator
reseller_admin_role = ResellerAdmin
[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
[filter:symlink]
use = egg:swift#symlink
EOF

step "swift: keystone user, roles, service and endpoint" bootstrap.log keystone.app.log
/usr/bin/python3 - <<'EOF' 2>&1 | tee -a $LOG/bootstrap.log
import openstack
c = openstack.connect(auth_url='http://127.0.0.1:5000/v3', username='admin', password='secret',
                      project_name='admin', user_domain_name='Default', project_domain_name='Default',
                      region_name='RegionOne', identity_api_version='3')
idn = c.identity
dom = idn.find_domain('default')
service_p = idn.find_project('service', domain_id=dom.id)
role = lambda n: idn.find_role(n) or idn.create_role(name=n)
user = idn.find_user('swift', domain_id=dom.id) or idn.create_user(
    name='swift', password='secret', domain_id=dom.id, default_project_id=service_p.id)
for r in ('admin', 'service'):
    idn.assign_project_role_to_user(service_p, user, role(r))
for r in ('SwiftOperator', 'ResellerAdmin'):
    role(r)
svc = idn.find_service('swift') or idn.create_service(name='swift', type='object-store')
url = 'http://127.0.0.1:8080/v1/AUTH_%(project_id)s'
have = {e.interface: e for e in idn.endpoints(service_id=svc.id)}
for iface in ('public', 'internal', 'admin'):
    if iface not in have:
        idn.create_endpoint(service_id=svc.id, interface=iface, url=url, region_id='RegionOne')
# s3api answers at the proxy's root: an s3 entry says where, for clients
# that look for the S3 endpoint in the catalog
s3 = idn.find_service('s3') or idn.create_service(name='s3', type='s3')
if not list(idn.endpoints(service_id=s3.id, interface='public')):
    idn.create_endpoint(service_id=s3.id, interface='public', url='http://127.0.0.1:8080', region_id='RegionOne')
print('swift: keystone user, roles, object-store and s3 endpoints ready')
EOF

step "swift: start" swift-proxy.log swift-account.log swift-container.log swift-object.log
T_SWIFT_START=$(ts)
# -v: log to the console (our log file) as well as syslog, which nobody runs
start swift-account   swift-account-server   /etc/swift/account-server.conf -v
start swift-container swift-container-server /etc/swift/container-server.conf -v
start swift-object    swift-object-server    /etc/swift/object-server.conf -v
# containers' object counts and bytes reach the account listing through it
start swift-container-updater swift-container-updater /etc/swift/container-server.conf -v
start swift-proxy     swift-proxy-server     /etc/swift/proxy-server.conf -v
wait_for swift-proxy 60 sh -c 'curl -sf -m 3 http://127.0.0.1:8080/healthcheck | grep -q OK'
mark "swift: start until it answers" "$T_SWIFT_START"
mark "swift: total" "$T_SWIFT"
