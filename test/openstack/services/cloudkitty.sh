# CloudKitty (rating, Zed from Debian's packages) for the lab, sourced by up.sh
# once Keystone and the base services are ready: it uses up.sh's apt_install, step, start,
# wait_for, http_up, conf, ksauth, log, mark and variables. Idempotent like
# up.sh: installs what is missing, syncs the databases once, starts what is not
# running, registers Keystone's side and the rating rules every time (find or
# create), and pushes the rated hours again (InfluxDB overwrites a point with
# the same tags and time, so a second push changes nothing).
#
# Storage: v2 on InfluxDB 1.6 (Debian's influxdb): CloudKitty's default
# storage, which groups a summary by any field (id, type, project_id), where
# the v1 SQL storage groups by type and project only.
# Rated data: no collector can run here (CloudKitty collects from Gnocchi,
# Monasca or Prometheus, which nothing feeds in this lab: no Ceilometer), and
# cloudkitty-processor is not started. cloudkitty_rate.py rates the lab's own
# demo resources and a few fixed past ones by the hashmap rules it sets, hour
# by hour, and pushes them as admin through CloudKitty's v2 dataframes API.
T_CK=$(ts)
CK_PKGS="cloudkitty-api python3-cloudkittyclient influxdb"
apt_install "cloudkitty: package install" apt-cloudkitty.log $CK_PKGS

step "cloudkitty: influxdb start" influxdb.log
mkdir -p $DATA/influxdb
conf $OSLAB/influxdb.conf <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:8088"
[meta]
  dir = "$DATA/influxdb/meta"
[data]
  dir = "$DATA/influxdb/data"
  wal-dir = "$DATA/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:8086"
  log-enabled = false
EOF
start influxdb /usr/bin/influxd -config $OSLAB/influxdb.conf
wait_for influxdb 60 curl -sf http://127.0.0.1:8086/ping

step "cloudkitty: configuration" mariadb.log
[ "${RESET:-0}" = 1 ] && { mysql -e "DROP DATABASE IF EXISTS cloudkitty"; rm -f $RUN/cloudkitty-dbsync.done
  curl -s -XPOST http://127.0.0.1:8086/query --data-urlencode "q=DROP DATABASE cloudkitty" >/dev/null; }
mysql -e "CREATE DATABASE IF NOT EXISTS cloudkitty"
mkdir -p /var/lib/cloudkitty/tmp
conf /etc/cloudkitty/cloudkitty.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
auth_strategy = keystone
log_file = $LOG/cloudkitty.app.log
[database]
connection = $DB/cloudkitty
[storage]
version = 2
backend = influxdb
[storage_influxdb]
host = 127.0.0.1
port = 8086
database = cloudkitty
[collect]
metrics_conf = /etc/cloudkitty/metrics.yml
[keystone_authtoken]
$(ksauth cloudkitty)
service_token_roles_required = true
[oslo_concurrency]
lock_path = /var/lib/cloudkitty/tmp
[oslo_policy]
policy_dirs = /etc/cloudkitty/policy.d
EOF
if [ ! -f $RUN/cloudkitty-dbsync.done ]; then
  step "cloudkitty: db sync and storage init" cloudkitty-manage.log
  # storage-init checks the database's retention policy but does not create the database
  curl -sf -XPOST http://127.0.0.1:8086/query --data-urlencode "q=CREATE DATABASE cloudkitty" >/dev/null
  { cloudkitty-dbsync upgrade && cloudkitty-storage-init; } >> $LOG/cloudkitty-manage.log 2>&1
  touch $RUN/cloudkitty-dbsync.done
fi

step "cloudkitty: api start" cloudkitty-api.log cloudkitty.app.log
start cloudkitty-api $UW --http-socket 127.0.0.1:8889 --wsgi-file /usr/bin/cloudkitty-api
wait_for cloudkitty-api 90 http_up http://127.0.0.1:8889/
mark "cloudkitty: api answers" "$T_CK"

step "cloudkitty: catalog, rating rules and rated hours" bootstrap.log keystone.app.log cloudkitty.app.log
/usr/bin/python3 $HERE/services/cloudkitty_rate.py 2>&1 | tee -a $LOG/bootstrap.log
mark "cloudkitty: total" "$T_CK"
