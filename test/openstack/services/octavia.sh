# Octavia (load-balancer v2) with its noop drivers: the worker goes through a
# real create's flows (PENDING_CREATE, then ACTIVE) without amphora VMs, Nova
# or Neutron ports, so load balancers go ACTIVE in a few seconds. The VIP port
# and the amphorae exist only in Octavia's database.
# Sourced by up.sh once its base services are ready: it uses up.sh's helpers
# (apt_install, step, start, wait_for, http_up, conf, ksauth, mark) and variables.
T_OCT=$(ts)
OCT_PKGS="octavia-api octavia-worker python3-octaviaclient"
apt_install "octavia package install" apt-octavia.log $OCT_PKGS

step "octavia configuration" mariadb.log
[ "${RESET:-0}" = 1 ] && { mysql -e "DROP DATABASE IF EXISTS octavia"; rm -f $RUN/octavia-dbsync.done; }
mysql -e "CREATE DATABASE IF NOT EXISTS octavia"
mkdir -p /var/lib/octavia/tmp $DATA/octavia-certs
# The amphora flows sign certificates and read a client CA even when no
# amphora boots: a throwaway CA of the lab's own.
[ -s $DATA/octavia-certs/ca.pem ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj /CN=oslab-octavia-ca -keyout $DATA/octavia-certs/ca.key -out $DATA/octavia-certs/ca.pem 2>> $LOG/octavia-manage.log
conf /etc/octavia/octavia.conf <<EOC
[DEFAULT]
transport_url = $RABBIT
[oslo_messaging]
topic = octavia_prov
[api_settings]
bind_host = 127.0.0.1
bind_port = 9876
auth_strategy = keystone
enabled_provider_drivers = amphora:The Octavia Amphora driver.
default_provider_driver = amphora
[database]
connection = $DB/octavia
[controller_worker]
amphora_driver = amphora_noop_driver
compute_driver = compute_noop_driver
network_driver = network_noop_driver
image_driver = image_noop_driver
volume_driver = volume_noop_driver
loadbalancer_topology = SINGLE
workers = 1
client_ca = $DATA/octavia-certs/ca.pem
[certificates]
cert_manager = local_cert_manager
cert_generator = local_cert_generator
ca_certificate = $DATA/octavia-certs/ca.pem
ca_private_key = $DATA/octavia-certs/ca.key
[keystone_authtoken]
$(ksauth octavia)
service_token_roles_required = true
[service_auth]
$(ksauth octavia)
[oslo_concurrency]
lock_path = /var/lib/octavia/tmp
EOC
if [ ! -f $RUN/octavia-dbsync.done ]; then
  step "octavia db sync" octavia-manage.log
  octavia-db-manage --config-file /etc/octavia/octavia.conf upgrade head >> $LOG/octavia-manage.log 2>&1
  touch $RUN/octavia-dbsync.done
fi

step "octavia identity (user, catalog, demo's load-balancer_member)" bootstrap.log keystone.app.log
/usr/bin/python3 $HERE/bootstrap.py service octavia load-balancer http://127.0.0.1:9876 2>&1 | tee -a $LOG/bootstrap.log

step "octavia start" octavia-api.log octavia-worker.log
start octavia-api $UW --http-socket 127.0.0.1:9876 --wsgi-file /usr/bin/octavia-wsgi
start octavia-worker octavia-worker --config-file /etc/octavia/octavia.conf
wait_for octavia 90 http_up http://127.0.0.1:9876/
mark "octavia (install+configure+start)" "$T_OCT"
