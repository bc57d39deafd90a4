# Designate (DNS as a service) with BIND 9 behind it, on 127.0.0.1.
# Sourced by up.sh once Keystone, MariaDB and RabbitMQ are up: it uses up.sh's
# helpers (apt_install, start, alive, wait_for, conf, ksauth, step, mark, log) and settings.
# Idempotent as up.sh is; to run it again, run up.sh again.
#   API    http://127.0.0.1:9001 (catalog type dns, region RegionOne)
#   mdns   127.0.0.1:5354, the zones' master: BIND transfers them from it
#   BIND 9 127.0.0.1:53 answers for the zones; rndc on 127.0.0.1:953
# A record set created through the API answers `dig @127.0.0.1 www.zone. A`.
T_DNS=$(ts)
DNS_PKGS="designate-api designate-central designate-worker designate-producer
 designate-mdns bind9 bind9-utils bind9-dnsutils"
apt_install "designate: package install" apt-designate.log $DNS_PKGS

step "designate: configuration"
# BIND: authoritative only; Designate adds and removes its zones over rndc.
conf /etc/bind/named.conf.options <<NAMED
include "/etc/bind/rndc.key";
options {
  directory "/var/cache/bind";
  pid-file "/run/named/named.pid";
  listen-on port 53 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-new-zones yes;
  allow-notify { 127.0.0.1; };
  dnssec-validation no;
  minimal-responses yes;
};
controls { inet 127.0.0.1 port 953 allow { 127.0.0.1; } keys { "rndc-key"; }; };
NAMED
mkdir -p /run/named /var/cache/bind /var/lib/designate/tmp
chown bind:bind /run/named /var/cache/bind
conf /etc/designate/designate.conf <<DESIGNATE
[DEFAULT]
transport_url = $RABBIT
state_path = /var/lib/designate
[storage:sqlalchemy]
connection = $DB/designate
[service:api]
listen = 127.0.0.1:9001
api_base_uri = http://127.0.0.1:9001/
auth_strategy = keystone
enable_api_v2 = true
enable_api_admin = true
enabled_extensions_admin = quotas
[service:central]
workers = 1
[service:mdns]
listen = 127.0.0.1:5354
workers = 1
[service:worker]
workers = 1
# BIND answers within a second here: ask it soon and often, so that a zone
# or record set leaves PENDING in seconds (the defaults wait 5 s, then 15 s).
poll_delay = 1
poll_retry_interval = 1
poll_max_retries = 30
[service:producer]
workers = 1
[keystone_authtoken]
$(ksauth designate)
[oslo_concurrency]
lock_path = /var/lib/designate/tmp
[oslo_policy]
policy_dirs = /etc/designate/policy.d
DESIGNATE
conf /etc/designate/pools.yaml <<POOLS
- name: default
  description: the lab's BIND 9 on 127.0.0.1
  attributes: {}
  ns_records:
    - hostname: ns1.oslab.test.
      priority: 1
  nameservers:
    - host: 127.0.0.1
      port: 53
  targets:
    - type: bind9
      description: BIND 9 on 127.0.0.1
      masters:
        - host: 127.0.0.1
          port: 5354
      options:
        host: 127.0.0.1
        port: 53
        rndc_host: 127.0.0.1
        rndc_port: 953
        rndc_key_file: /etc/bind/rndc.key
        clean_zonefile: true
POOLS

step "designate: database" designate-manage.log
if [ "${RESET:-0}" = 1 ]; then
  mysql -e "DROP DATABASE IF EXISTS designate"; rm -f "$RUN/designate-dbsync.done"
  rm -f /var/cache/bind/*.nzd /var/cache/bind/*.nzf /var/cache/bind/slave.*
fi
mysql -e "CREATE DATABASE IF NOT EXISTS designate"
if [ ! -f "$RUN/designate-dbsync.done" ]; then
  designate-manage database sync >> "$LOG/designate-manage.log" 2>&1
  touch "$RUN/designate-dbsync.done"
fi

step "designate: Keystone user, service and endpoints" designate-keystone.log
# One Python process with openstacksdk, as bootstrap.py: the openstack CLI
# took 8 s a call here.
/usr/bin/python3 - >> "$LOG/designate-keystone.log" 2>&1 <<KEYSTONE
import openstack
c = openstack.connect(auth_url='$KS/v3', username='admin', password='$PW', project_name='admin',
                      user_domain_name='Default', project_domain_name='Default',
                      region_name='RegionOne', identity_api_version='3')
idn = c.identity
dom = idn.find_domain('default')
service_p = idn.find_project('service', domain_id=dom.id)
u = idn.find_user('designate', domain_id=dom.id) or idn.create_user(
    name='designate', password='$PW', domain_id=dom.id, default_project_id=service_p.id)
for r in ('admin', 'service'):
    idn.assign_project_role_to_user(service_p, u, idn.find_role(r))
svc = next((s for s in idn.services() if s.type == 'dns'), None) or \
    idn.create_service(name='designate', type='dns', description='DNS', is_enabled=True)
have = {e.interface for e in idn.endpoints(service_id=svc.id)}
for iface in ('public', 'internal', 'admin'):
    if iface not in have:
        idn.create_endpoint(service_id=svc.id, interface=iface, url='http://127.0.0.1:9001',
                            region_id='RegionOne')
print('designate: user, service and endpoints ok')
KEYSTONE
mark "designate: configure" "$T_DNS"

T_DNS_START=$(ts)
step "designate: start" named.log designate-central.log designate-api.log
start named /usr/sbin/named -f -u bind -c /etc/bind/named.conf
start designate-central  designate-central  --config-file /etc/designate/designate.conf
start designate-worker   designate-worker   --config-file /etc/designate/designate.conf
start designate-producer designate-producer --config-file /etc/designate/designate.conf
start designate-mdns     designate-mdns     --config-file /etc/designate/designate.conf
start designate-api $UW --http-socket 127.0.0.1:9001 --wsgi-file /usr/bin/designate-api-wsgi
wait_for designate-api 90 http_up http://127.0.0.1:9001/
wait_for bind 30 rndc -s 127.0.0.1 -p 953 -k /etc/bind/rndc.key status
# The pool's targets live in the database, written through designate-central
# (so this waits for it to answer).
step "designate: pool update" designate-manage.log designate-central.log
wait_for designate-pool 120 sh -c "designate-manage pool update --file /etc/designate/pools.yaml >> $LOG/designate-manage.log 2>&1"
mark "designate: start until ready" "$T_DNS_START"
