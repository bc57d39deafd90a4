#!/bin/bash
# Stop only what test/openstack/up.sh started, via its pid files in $OSLAB/run:
# each service was started with setsid, so its pid is also its process-group
# id, and the group holds the service's own children (uwsgi workers,
# oslo.service workers, privsep daemons ...). Nothing is stopped by name.
# Data, databases and logs stay in $OSLAB: up.sh afterwards is a quick restart.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
OSLAB=${OSLAB:-${TMPDIR:-/tmp}/oslab}; RUN=$OSLAB/run
# OpenStack services first (all at once: each may take its 10 s grace), then
# the message queue and the database they use, one after the other.
SERVICES="cloudkitty-api influxdb octavia-worker octavia-api nova-compute nova-scheduler nova-conductor nova-api neutron-server
 cinder-backup cinder-volume cinder-scheduler cinder-api glance-api placement keystone"
SERVICES="swift-proxy swift-container-updater swift-object swift-container swift-account $SERVICES"
SERVICES="designate-api designate-mdns designate-producer designate-worker designate-central named $SERVICES"
INFRA="rabbitmq epmd mariadb"
stop_one() {
  local n=$1 f=$RUN/$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  case "$pid" in ''|*[!0-9]*|1) echo "ignoring bad pid file $f" >&2; rm -f "$f"; return 0;; esac
  if kill -0 "$pid" 2>/dev/null; then
    [ "$n" = rabbitmq ] && rabbitmqctl -q stop >/dev/null 2>&1
    [ "$n" = mariadb ] && mysqladmin --socket=/run/mysqld/mysqld.sock shutdown >/dev/null 2>&1
    kill -TERM -- -"$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid"; }
    echo "stopped $n ($pid)"
  fi
  # leftovers of the same group (e.g. a worker slower than its parent)
  if kill -0 -- -"$pid" 2>/dev/null; then
    sleep 1; kill -KILL -- -"$pid" 2>/dev/null && echo "killed leftovers of $n (group $pid)"
  fi
  rm -f "$f"
}
for n in $SERVICES; do stop_one "$n" & done; wait
for n in $INFRA; do stop_one "$n"; done
# the bind mount up.sh made for cinder's NFS driver
M=/var/lib/cinder/mnt/$(printf %s 127.0.0.1:/oslab-share | md5sum | cut -d' ' -f1)
if mountpoint -q "$M"; then umount "$M" && echo "unmounted $M"; fi
exit 0
