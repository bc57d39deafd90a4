#!/bin/bash
# Recaptures the real API answers the tests compare the sandbox with, from the
# lab (test/openstack/up.sh must be up), into testdata/openstack/ of this
# repository. Run from anywhere: bash test/openstack/capture-samples.sh
# It creates and deletes its own keypair, server, volume, snapshot and backup
# in the demo project; IDs and times in the samples change on every run.
set -u
export PATH=/usr/bin:/bin
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/../../testdata/openstack}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$OUT"
# A throwaway key: the samples never hold a key anyone uses.
ssh-keygen -q -t ed25519 -N '' -C e2e@example -f "$TMP/key"
PUBKEY=$(cat "$TMP/key.pub")
. "$HERE/lab-api.sh"
demo_login keystone-token.json
H=(-H "X-Auth-Token: $T" -H 'Content-Type: application/json')
NV=(-H 'OpenStack-API-Version: compute 2.79')
CV=(-H 'OpenStack-API-Version: volume 3.60')
g() { curl -s "${H[@]}" "$@"; }
n() { g -w '\n%{http_code}\n' "$@"; }   # a refusal: body, then the status
# until_task SERVER STATE: polls without pausing (a build's steps are short)
# until the server's task_state is STATE (null for none).
until_task() {
  for _ in $(seq 300); do
    [ "$(g "${NV[@]}" $NOVA/servers/$1 | jq -r '.server["OS-EXT-STS:task_state"]')" = "$2" ] && return 0
  done
  echo "never saw task_state $2 on server $1" >&2
  return 1
}
# Routers as create_network makes them, and Octavia's load balancers (the lab's
# noop drivers: no VM, no Neutron port). ONLY=lb runs this part alone.
lb_samples() {
  local NEUTRON=http://127.0.0.1:9696/v2.0 OCT=http://127.0.0.1:9876/v2/lbaas
  n() { g -w '\n%{http_code}\n' "$@"; }
  local EXT NETW SUB RT DSUB LB POOL LI M2 M3
  EXT=$(g "$NEUTRON/networks?name=ext-floating1" | jq -r '.networks[0].id')
  NETW=$(g -X POST -d '{"network":{"name":"sample-net"}}' $NEUTRON/networks | jq -r .network.id)
  g -X POST -d '{"subnet":{"name":"sample-net-subnet","network_id":"'$NETW'","ip_version":4,"cidr":"10.9.0.0/24"}}' $NEUTRON/subnets > neutron-subnet-create-201.json
  SUB=$(jq -r .subnet.id neutron-subnet-create-201.json)
  g -X POST -d '{"router":{"name":"sample-net-router","external_gateway_info":{"network_id":"'$EXT'"}}}' $NEUTRON/routers > neutron-router-create-gateway-201.json
  RT=$(jq -r .router.id neutron-router-create-gateway-201.json)
  g -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/add_router_interface > neutron-router-add-interface.json
  n -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/add_router_interface > neutron-router-add-interface-again-400.txt
  g "$NEUTRON/ports?network_id=$NETW" > neutron-ports-router-interface.json
  g $NEUTRON/routers/$RT > neutron-router.json
  n -X DELETE $NEUTRON/routers/$RT > neutron-router-delete-in-use-409.txt
  n -X DELETE $NEUTRON/subnets/$SUB > neutron-subnet-delete-in-use-409.txt
  n -X DELETE $NEUTRON/networks/$NETW > neutron-network-delete-in-use-409.txt
  g -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/remove_router_interface > neutron-router-remove-interface.json
  n -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/remove_router_interface > neutron-router-remove-interface-absent-404.txt
  n -X DELETE $NEUTRON/routers/$RT > neutron-router-delete-204.txt
  n -X DELETE $NEUTRON/subnets/$SUB > neutron-subnet-delete-204.txt
  n -X DELETE $NEUTRON/networks/$NETW > neutron-network-delete-204.txt
  # load balancers: a fully populated create (here its listener, pool, member
  # and monitor stay PENDING_CREATE: the worker builds its flow from the load
  # balancer before the API has committed its children), then one made step by
  # step, its states and its refusals
  DSUB=$(g "$NEUTRON/subnets?name=demo-subnet" | jq -r '.subnets[0].id')
  g http://127.0.0.1:9876/ > octavia-versions.json
  g -X POST -d '{"loadbalancer":{"name":"sample-full-lb","vip_subnet_id":"'$DSUB'","listeners":[{"name":"sample-lb-http-80","protocol":"HTTP","protocol_port":80,"default_pool":{"name":"sample-lb-pool","protocol":"HTTP","lb_algorithm":"ROUND_ROBIN","members":[{"name":"sample-m1","address":"10.0.0.10","protocol_port":8080,"subnet_id":"'$DSUB'"}],"healthmonitor":{"type":"HTTP","delay":5,"timeout":3,"max_retries":3,"url_path":"/"}}}]}}' $OCT/loadbalancers > octavia-lb-create-full-201.json
  LB=$(jq -r .loadbalancer.id octavia-lb-create-full-201.json)
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g $OCT/loadbalancers/$LB/status > octavia-lb-create-full-status.json
  g -X DELETE "$OCT/loadbalancers/$LB?cascade=true"
  g -X POST -d '{"loadbalancer":{"name":"sample-lb","vip_subnet_id":"'$DSUB'"}}' $OCT/loadbalancers > octavia-lb-create-201.json
  LB=$(jq -r .loadbalancer.id octavia-lb-create-201.json)
  g $OCT/loadbalancers/$LB > octavia-lb-pending-create.json
  n -X POST -d '{"listener":{"loadbalancer_id":"'$LB'","protocol":"HTTP","protocol_port":80}}' $OCT/listeners > octavia-listener-create-pending-create-409.txt
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g -X POST -d '{"listener":{"loadbalancer_id":"'$LB'","name":"sample-lb-http-80","protocol":"HTTP","protocol_port":80}}' $OCT/listeners > octavia-listener-create-201.json
  LI=$(jq -r .listener.id octavia-listener-create-201.json)
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g -X POST -d '{"pool":{"listener_id":"'$LI'","name":"sample-lb-pool","protocol":"HTTP","lb_algorithm":"ROUND_ROBIN"}}' $OCT/pools > octavia-pool-create-201.json
  POOL=$(jq -r .pool.id octavia-pool-create-201.json)
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g -X POST -d '{"member":{"name":"sample-m1","address":"10.0.0.10","protocol_port":8080,"subnet_id":"'$DSUB'"}}' $OCT/pools/$POOL/members > octavia-member-create-201.json
  g $OCT/loadbalancers/$LB > octavia-lb-pending-update.json
  n -X POST -d '{"member":{"address":"10.0.0.12","protocol_port":8080}}' $OCT/pools/$POOL/members > octavia-member-create-pending-update-409.txt
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g -X POST -d '{"member":{"name":"sample-m2","address":"10.0.0.11","protocol_port":8080,"subnet_id":"'$DSUB'"}}' $OCT/pools/$POOL/members > octavia-member-create-second-201.json
  M2=$(jq -r .member.id octavia-member-create-second-201.json)
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g -X POST -d '{"healthmonitor":{"pool_id":"'$POOL'","type":"HTTP","delay":5,"timeout":3,"max_retries":3,"url_path":"/"}}' $OCT/healthmonitors > octavia-healthmonitor-create-201.json
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  g $OCT/loadbalancers/$LB > octavia-lb-active.json
  g $OCT/loadbalancers/$LB/status > octavia-lb-status.json
  g $OCT/loadbalancers > octavia-lbs.json
  g "$OCT/loadbalancers?name=sample-lb" > octavia-lbs-name-filter.json
  g $OCT/listeners/$LI > octavia-listener.json
  g $OCT/pools/$POOL > octavia-pool.json
  g $OCT/pools/$POOL/members > octavia-members.json
  g $OCT/healthmonitors > octavia-healthmonitors.json
  n -X POST -d '{"member":{"address":"10.0.0.11","protocol_port":8080,"subnet_id":"'$DSUB'"}}' $OCT/pools/$POOL/members > octavia-member-create-duplicate-409.txt
  n -X POST -d '{"member":{"address":"not-an-address","protocol_port":8080}}' $OCT/pools/$POOL/members > octavia-member-create-bad-address-400.txt
  n -X POST -d '{"member":{"address":"10.0.0.12","protocol_port":0}}' $OCT/pools/$POOL/members > octavia-member-create-port-0-400.txt
  n -X POST -d '{"listener":{"loadbalancer_id":"'$LB'","protocol":"HTTP","protocol_port":80}}' $OCT/listeners > octavia-listener-duplicate-port-409.txt
  n -X POST -d '{"listener":{"loadbalancer_id":"'$LB'","protocol":"FTP","protocol_port":21}}' $OCT/listeners > octavia-listener-bad-protocol-400.txt
  n -X POST -d '{"listener":{"loadbalancer_id":"'$LB'","protocol":"TCP","protocol_port":70000}}' $OCT/listeners > octavia-listener-port-70000-400.txt
  n -X DELETE $OCT/pools/$POOL/members/$M2 > octavia-member-delete-204.txt
  g $OCT/pools/$POOL/members/$M2 > octavia-member-pending-delete.json
  wait_for $OCT/loadbalancers/$LB .loadbalancer.provisioning_status ACTIVE 90
  n $OCT/pools/$POOL/members/$M2 > octavia-member-404.txt
  n $OCT/loadbalancers/7c1b5a1e-0000-4000-8000-000000000000 > octavia-lb-404.txt
  g $OCT/quotas/$P > octavia-quota.json
  g http://127.0.0.1:9876/v2.0/quotas/$P > octavia-quota-short-path.json
  # what a member may list of Octavia's offerings (none of the lab's own L7 policies: a name no one has)
  g $OCT/providers > octavia-providers.json
  g $OCT/flavors > octavia-flavors.json
  g $OCT/availabilityzones > octavia-availabilityzones.json
  g "$OCT/l7policies?name=sample-none" > octavia-l7policies-none.json
  n -X DELETE $OCT/loadbalancers/$LB > octavia-lb-delete-not-cascade-400.txt
  n -X DELETE "$OCT/loadbalancers/$LB?cascade=true" > octavia-lb-delete-cascade-204.txt
  g $OCT/loadbalancers/$LB > octavia-lb-pending-delete.json
  n -X DELETE "$OCT/loadbalancers/$LB?cascade=true" > octavia-lb-delete-pending-delete-409.txt
  wait_for $OCT/loadbalancers/$LB '.loadbalancer.provisioning_status // .faultcode' Client 90
  n $OCT/loadbalancers/$LB > octavia-lb-deleted-404.txt
}
[ "${ONLY:-}" = lb ] && { lb_samples; echo "samples written to $OUT"; exit 0; }
NOVA=http://127.0.0.1:8774/v2.1
GLANCE=http://127.0.0.1:9292/v2
CINDER=http://127.0.0.1:8776/v3/$P
g http://127.0.0.1:8774/ > nova-versions.json
g $NOVA/ > nova-v2.1.json
g http://127.0.0.1:8776/ > cinder-versions.json
g http://127.0.0.1:9292/ > glance-versions.json
g http://127.0.0.1:5000/ > keystone-versions.json
g "${NV[@]}" $NOVA/flavors/detail > nova-flavors-detail.json
# A page as long as the list: Nova links to a next page all the same.
g "${NV[@]}" "$NOVA/flavors/detail?limit=$(jq '.flavors | length' nova-flavors-detail.json)" > nova-flavors-detail-full-page.json
g "${NV[@]}" -w '\n%{http_code}\n' "$NOVA/flavors/detail?limit=x" > nova-flavors-bad-limit-400.txt
g "${NV[@]}" -w '\n%{http_code}\n' "$NOVA/flavors/detail?marker=nope" > nova-flavors-bad-marker-400.txt
g "${NV[@]}" $NOVA/os-availability-zone > nova-availability-zones.json
g http://127.0.0.1:9292/v2/images > glance-images.json
# The lab's image by name: the project's own images (server images) list first.
IMG=$(g "http://127.0.0.1:9292/v2/images?name=tiny-raw" | jq -r '.images[0].id')
g http://127.0.0.1:9292/v2/images/$IMG > glance-image.json
g "http://127.0.0.1:9292/v2/images?name=tiny-raw" > glance-images-name-filter.json
# Glance answers JSON when asked for it (gophercloud asks), with HTML line breaks in the message.
g -H 'Accept: application/json' -w '\n%{http_code}\n' http://127.0.0.1:9292/v2/images/7c1b5a1e-0000-4000-8000-000000000000 > glance-image-404.txt
# An unknown marker is a 400 (JSON as asked); a status Glance does not know
# matches nothing; in: and eq: are operators.
g -H 'Accept: application/json' -w '\n%{http_code}\n' "http://127.0.0.1:9292/v2/images?marker=7c1b5a1e-0000-4000-8000-000000000000" > glance-images-bad-marker-400.txt
g "http://127.0.0.1:9292/v2/images?status=bogus" > glance-images-status-unknown.json
g "http://127.0.0.1:9292/v2/images?name=in:tiny-raw,no-such-image&status=in:active,queued" > glance-images-in-filter.json
g "http://127.0.0.1:9292/v2/images?name=eq:tiny-raw" > glance-images-eq-filter.json
# Name filters compare as the services' MySQL collation does: case aside.
g "http://127.0.0.1:9292/v2/images?name=TINY-RAW" > glance-images-name-filter-case.json
g http://127.0.0.1:9696/v2.0/networks > neutron-networks.json
g "http://127.0.0.1:9696/v2.0/networks?name=private" > neutron-networks-name-filter.json
g "http://127.0.0.1:9696/v2.0/networks?name=PRIVATE" > neutron-networks-name-filter-case.json
NET=$(jq -r '.networks[0].id' neutron-networks-name-filter.json)
g "${NV[@]}" -X POST -d '{"keypair":{"name":"sample-key","public_key":"'"$PUBKEY"'"}}' $NOVA/os-keypairs > nova-keypair-import.json
g "${NV[@]}" $NOVA/os-keypairs > nova-keypairs.json
g "${NV[@]}" -X POST -d '{"keypair":{"name":"sample-key","public_key":"'"$PUBKEY"'"}}' -w '\n%{http_code}\n' $NOVA/os-keypairs > nova-keypair-duplicate-409.txt
# Nova's keypair names ignore case (MySQL's collation): a name in capitals
# finds the key and is taken; names sort as capitals ('_' after the letters).
for k in sample-key-b sample-key-_ sample-key-A; do g "${NV[@]}" -X POST -d '{"keypair":{"name":"'$k'","public_key":"'"$PUBKEY"'"}}' $NOVA/os-keypairs > /dev/null; done
g "${NV[@]}" $NOVA/os-keypairs > nova-keypairs-case.json
g "${NV[@]}" $NOVA/os-keypairs/SAMPLE-KEY > nova-keypair-show-case.json
g "${NV[@]}" -X POST -d '{"keypair":{"name":"SAMPLE-KEY","public_key":"'"$PUBKEY"'"}}' -w '\n%{http_code}\n' $NOVA/os-keypairs > nova-keypair-duplicate-case-409.txt
g "${NV[@]}" -w '\n%{http_code}\n' "$NOVA/os-keypairs?marker=no-such-key" > nova-keypairs-bad-marker-400.txt
for k in SAMPLE-KEY-B sample-key-_ sample-key-a; do g "${NV[@]}" -X DELETE $NOVA/os-keypairs/$k; done
g "${NV[@]}" -X POST -d '{"server":{"name":"sample-vm","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$NET'"}],"key_name":"sample-key"}}' -D "$TMP/create-hdr.txt" $NOVA/servers > nova-server-create-202.json
SRV=$(jq -r .server.id nova-server-create-202.json)
g "${NV[@]}" $NOVA/servers/$SRV > nova-server-build.json
wait_for $NOVA/servers/$SRV .server.status ACTIVE 60 "${NV[@]}"
g "${NV[@]}" $NOVA/servers/$SRV > nova-server-active.json
g "${NV[@]}" $NOVA/servers/detail > nova-servers-detail.json
g "${NV[@]}" "$NOVA/servers/detail?limit=1" > nova-servers-detail-limit1.json
g "${NV[@]}" "$NOVA/servers/detail?name=SAMPLE-VM" > nova-servers-name-filter-case.json
g "${NV[@]}" -w '\n%{http_code}\n' $NOVA/servers/7c1b5a1e-0000-4000-8000-000000000000 > nova-server-404.txt
g "${NV[@]}" -X POST -d '{"os-stop":null}' -w '%{http_code}\n' $NOVA/servers/$SRV/action > nova-server-stop-202.txt
g "${NV[@]}" -X POST -d '{"os-stop":null}' -w '\n%{http_code}\n' $NOVA/servers/$SRV/action > nova-server-stop-again-409.txt
wait_for $NOVA/servers/$SRV .server.status SHUTOFF 30 "${NV[@]}"
g "${NV[@]}" $NOVA/servers/$SRV > nova-server-shutoff.json
g "${NV[@]}" -X POST -d '{"os-start":null}' $NOVA/servers/$SRV/action
wait_for $NOVA/servers/$SRV .server.status ACTIVE 30 "${NV[@]}"
# A reboot's task_state moves on (polled without pausing: the lab's is quick).
g "${NV[@]}" -X POST -d '{"reboot":{"type":"SOFT"}}' $NOVA/servers/$SRV/action
for _ in $(seq 60); do g "${NV[@]}" $NOVA/servers/$SRV | grep -o '"OS-EXT-STS:task_state": [^,]*'; done | cut -d' ' -f2 | tr -d '"' | uniq > nova-server-reboot-task-states.txt
wait_for $NOVA/servers/$SRV .server.status ACTIVE 30 "${NV[@]}"
# A server being built: not ready to stop before it has a host (while
# scheduling), then refused for its vm_state.
g "${NV[@]}" -X POST -d '{"server":{"name":"sample-vm3","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$NET'"}]}}' $NOVA/servers > "$TMP/vm3.json"
SRV3=$(jq -r .server.id "$TMP/vm3.json")
until_task $SRV3 scheduling && g "${NV[@]}" -w '\n%{http_code}\n' -X POST -d '{"os-stop":null}' $NOVA/servers/$SRV3/action > nova-server-stop-not-ready-409.txt
until_task $SRV3 spawning && g "${NV[@]}" -w '\n%{http_code}\n' -X POST -d '{"os-stop":null}' $NOVA/servers/$SRV3/action > nova-server-stop-building-409.txt
wait_for $NOVA/servers/$SRV3 .server.status ACTIVE 60 "${NV[@]}"
# A server's disk becomes a private image (the lab's driver uploads it:
# nova/oslab_fake.py); its task_states as it goes.
g "${NV[@]}" -X POST -d '{"createImage":{"name":"sample-vm3-image"}}' $NOVA/servers/$SRV3/action > nova-server-create-image-202.json
SIMG=$(jq -r .image_id nova-server-create-image-202.json)
g $GLANCE/images/$SIMG > glance-image-snapshot-queued.json
for _ in $(seq 60); do g "${NV[@]}" $NOVA/servers/$SRV3 | grep -o '"OS-EXT-STS:task_state": [^,]*'; done | cut -d' ' -f2 | tr -d '"' | uniq > nova-server-image-task-states.txt
wait_for $GLANCE/images/$SIMG .status active 60
g $GLANCE/images/$SIMG > glance-image-snapshot.json
g "$GLANCE/images?owner=$P" > glance-images-owner-filter.json
n -H 'Accept: application/json' -X DELETE $GLANCE/images/$IMG > glance-image-delete-not-owner-403.txt
# Resize to a bigger flavor (the lab has one host: allow_resize_to_same_host),
# then confirm; again, then revert. Nova refuses the same flavor.
n "${NV[@]}" -X POST -d '{"resize":{"flavorRef":"1"}}' $NOVA/servers/$SRV3/action > nova-server-resize-same-flavor-400.txt
g "${NV[@]}" -X POST -d '{"resize":{"flavorRef":"2"}}' -w '%{http_code}\n' $NOVA/servers/$SRV3/action > nova-server-resize-202.txt
for _ in $(seq 100); do g "${NV[@]}" $NOVA/servers/$SRV3 | jq -r '.server | .status + " " + (."OS-EXT-STS:task_state" // "null")'; done | uniq > nova-server-resize-states.txt
wait_for $NOVA/servers/$SRV3 .server.status VERIFY_RESIZE 60 "${NV[@]}"
g "${NV[@]}" $NOVA/servers/$SRV3 > nova-server-verify-resize.json
n "${NV[@]}" -X POST -d '{"resize":{"flavorRef":"1"}}' $NOVA/servers/$SRV3/action > nova-server-resize-resized-409.txt
g "${NV[@]}" -X POST -d '{"confirmResize":null}' -w '%{http_code}\n' $NOVA/servers/$SRV3/action > nova-server-confirm-resize-204.txt
wait_for $NOVA/servers/$SRV3 .server.status ACTIVE 60 "${NV[@]}"
n "${NV[@]}" -X POST -d '{"confirmResize":null}' $NOVA/servers/$SRV3/action > nova-server-confirm-resize-active-409.txt
n "${NV[@]}" -X POST -d '{"revertResize":null}' $NOVA/servers/$SRV3/action > nova-server-revert-resize-active-409.txt
g "${NV[@]}" -X POST -d '{"resize":{"flavorRef":"1"}}' $NOVA/servers/$SRV3/action
wait_for $NOVA/servers/$SRV3 .server.status VERIFY_RESIZE 60 "${NV[@]}"
g "${NV[@]}" -X POST -d '{"revertResize":null}' -w '%{http_code}\n' $NOVA/servers/$SRV3/action > nova-server-revert-resize-202.txt
for _ in $(seq 100); do g "${NV[@]}" $NOVA/servers/$SRV3 | jq -r '.server | .status + " " + (."OS-EXT-STS:task_state" // "null") + " " + .flavor.original_name'; done | uniq > nova-server-revert-resize-states.txt
wait_for $NOVA/servers/$SRV3 .server.status ACTIVE 60 "${NV[@]}"
g "${NV[@]}" -X DELETE $NOVA/servers/$SRV3
# A second server from the image; one booted from a new volume made from the
# image (kept when the server goes).
g "${NV[@]}" -X POST -d '{"server":{"name":"sample-vm4","flavorRef":"1","imageRef":"'$SIMG'","networks":[{"uuid":"'$NET'"}]}}' $NOVA/servers > "$TMP/vm4.json"
SRV4=$(jq -r .server.id "$TMP/vm4.json")
g "${NV[@]}" -X POST -d '{"server":{"name":"sample-bfv","flavorRef":"1","networks":[{"uuid":"'$NET'"}],"block_device_mapping_v2":[{"boot_index":0,"uuid":"'$IMG'","source_type":"image","destination_type":"volume","volume_size":1,"delete_on_termination":false}]}}' $NOVA/servers > nova-server-create-bfv-202.json
BFV=$(jq -r .server.id nova-server-create-bfv-202.json)
wait_for $NOVA/servers/$SRV4 .server.status ACTIVE 60 "${NV[@]}"
wait_for $NOVA/servers/$BFV .server.status ACTIVE 90 "${NV[@]}"
g "${NV[@]}" $NOVA/servers/$BFV > nova-server-bfv.json
BVOL=$(jq -r '.server["os-extended-volumes:volumes_attached"][0].id' nova-server-bfv.json)
g "${CV[@]}" $CINDER/volumes/$BVOL > cinder-volume-boot.json
g "${NV[@]}" -X DELETE $NOVA/servers/$SRV4
g "${NV[@]}" -X DELETE $NOVA/servers/$BFV
wait_for $NOVA/servers/$BFV '.itemNotFound.code // .server.status' 404 60 "${NV[@]}"
wait_for $CINDER/volumes/$BVOL .volume.status available 60 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/$BVOL > cinder-volume-boot-kept.json
# Clones: of a volume (with no snapshot: see README), and from a snapshot.
g "${CV[@]}" -X POST -d '{"volume":{"name":"sample-clone","source_volid":"'$BVOL'"}}' $CINDER/volumes > cinder-volume-create-source-202.json
CLONE=$(jq -r .volume.id cinder-volume-create-source-202.json)
wait_for $CINDER/volumes/$CLONE .volume.status available 60 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/$CLONE > cinder-volume-clone.json
g "${CV[@]}" -X POST -d '{"snapshot":{"volume_id":"'$BVOL'","name":"sample-boot-snap"}}' $CINDER/snapshots > "$TMP/bsnap.json"
BSNAP=$(jq -r .snapshot.id "$TMP/bsnap.json")
wait_for $CINDER/snapshots/$BSNAP .snapshot.status available 60 "${CV[@]}"
g "${CV[@]}" -X POST -d '{"volume":{"name":"sample-from-snap","snapshot_id":"'$BSNAP'"}}' $CINDER/volumes > cinder-volume-create-snapshot-202.json
FSNAP=$(jq -r .volume.id cinder-volume-create-snapshot-202.json)
g "${CV[@]}" -X POST -d '{"volume":{"name":"sample-from-image","imageRef":"'$IMG'","size":1}}' $CINDER/volumes > cinder-volume-create-image-202.json
FIMG=$(jq -r .volume.id cinder-volume-create-image-202.json)
wait_for $CINDER/volumes/$FSNAP .volume.status available 60 "${CV[@]}"
wait_for $CINDER/volumes/$FIMG .volume.status available 60 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/$FSNAP > cinder-volume-from-snapshot.json
g "${CV[@]}" $CINDER/volumes/$FIMG > cinder-volume-from-image.json
for v in $CLONE $FSNAP $FIMG; do g "${CV[@]}" -X DELETE $CINDER/volumes/$v; done
g "${CV[@]}" -X DELETE $CINDER/snapshots/$BSNAP
wait_for $CINDER/snapshots/$BSNAP '.itemNotFound.code // .snapshot.status' 404 60 "${CV[@]}"
g "${CV[@]}" -X DELETE $CINDER/volumes/$BVOL
g -w '%{http_code}\n' -X DELETE $GLANCE/images/$SIMG > glance-image-delete-204.txt
# volumes
g "${CV[@]}" -X POST -d '{"volume":{"size":1,"name":"sample-vol"}}' $CINDER/volumes > cinder-volume-create-202.json
VOL=$(jq -r .volume.id cinder-volume-create-202.json)
wait_for $CINDER/volumes/$VOL .volume.status available 60 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/$VOL > cinder-volume-available.json
g "${CV[@]}" -X POST -d '{"volume":{"size":1,"name":" sample-ws-vol ","description":" d "}}' $CINDER/volumes > cinder-volume-create-name-whitespace-202.json
WSVOL=$(jq -r .volume.id cinder-volume-create-name-whitespace-202.json)
g "${CV[@]}" -X POST -d '{"os-extend":{"new_size":1}}' -w '\n%{http_code}\n' $CINDER/volumes/$VOL/action > cinder-volume-extend-same-size-400.txt
g "${NV[@]}" -X POST -d '{"volumeAttachment":{"volumeId":"'$VOL'"}}' $NOVA/servers/$SRV/os-volume_attachments > nova-volume-attach.json
wait_for $CINDER/volumes/$VOL .volume.status in-use 60 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/$VOL > cinder-volume-in-use.json
g "${NV[@]}" $NOVA/servers/$SRV/os-volume_attachments > nova-volume-attachments.json
g "${CV[@]}" -X DELETE -w '\n%{http_code}\n' $CINDER/volumes/$VOL > cinder-volume-delete-in-use-400.txt
g "${CV[@]}" -X POST -d '{"snapshot":{"volume_id":"'$VOL'","name":"sample-snap"}}' -w '\n%{http_code}\n' $CINDER/snapshots > cinder-snapshot-in-use-no-force.txt
g "${NV[@]}" -X DELETE -w '%{http_code}\n' $NOVA/servers/$SRV/os-volume_attachments/$VOL > nova-volume-detach-202.txt
wait_for $CINDER/volumes/$VOL .volume.status available 60 "${CV[@]}"
g "${CV[@]}" -X POST -d '{"snapshot":{"volume_id":"'$VOL'","name":"sample-snap"}}' $CINDER/snapshots > cinder-snapshot-create-202.json
SNAP=$(jq -r .snapshot.id cinder-snapshot-create-202.json)
wait_for $CINDER/snapshots/$SNAP .snapshot.status available 60 "${CV[@]}"
g "${CV[@]}" $CINDER/snapshots/detail > cinder-snapshots-detail.json
g "${CV[@]}" "$CINDER/snapshots/detail?name=SAMPLE-SNAP" > cinder-snapshots-name-filter-case.json
g "${CV[@]}" -X POST -d '{"backup":{"volume_id":"'$VOL'","name":"sample-bak"}}' $CINDER/backups > cinder-backup-create-202.json
BAK=$(jq -r .backup.id cinder-backup-create-202.json)
wait_for $CINDER/backups/$BAK .backup.status available 90 "${CV[@]}"
g "${CV[@]}" $CINDER/backups/detail > cinder-backups-detail.json
g "${CV[@]}" "$CINDER/backups/detail?name=SAMPLE-BAK" > cinder-backups-name-filter-case.json
g "${CV[@]}" -X POST -d '{"restore":{"name":"sample-restored"}}' $CINDER/backups/$BAK/restore > cinder-backup-restore-202.json
RV=$(jq -r .restore.volume_id cinder-backup-restore-202.json)
wait_for $CINDER/volumes/$RV .volume.status available 90 "${CV[@]}"
g "${CV[@]}" $CINDER/volumes/detail > cinder-volumes-detail.json
g "${CV[@]}" "$CINDER/volumes/detail?name=SAMPLE-VOL" > cinder-volumes-name-filter-case.json
g "${CV[@]}" -w '\n%{http_code}\n' $CINDER/volumes/7c1b5a1e-0000-4000-8000-000000000000 > cinder-volume-404.txt
# quotas with usage (a server and volumes exist now)
g "${NV[@]}" $NOVA/limits > nova-limits.json
g "${CV[@]}" "$CINDER/os-quota-sets/$P?usage=true" > cinder-quota-usage.json
# network: a security group and its rules, a server on demo's own network
# (routed to ext-floating1 by demo-router), floating IPs, the console
NEUTRON=http://127.0.0.1:9696/v2.0
EXT=$(g "$NEUTRON/networks?name=ext-floating1" | jq -r '.networks[0].id')
DNET=$(g "$NEUTRON/networks?name=demo-net" | jq -r '.networks[0].id')
g $NEUTRON/security-groups > neutron-security-groups.json
DEF=$(jq -r '.security_groups[] | select(.name=="default") | .id' neutron-security-groups.json)
n -X DELETE $NEUTRON/security-groups/$DEF > neutron-security-group-delete-default-in-use-409.txt
n -X POST -d '{"security_group":{"name":"default"}}' $NEUTRON/security-groups > neutron-security-group-create-default-409.txt
n "$NEUTRON/security-groups?nope=1" > neutron-filter-invalid-400.txt
g -X POST -d '{"security_group":{"name":"sample-sg","description":"ssh from the documentation range"}}' $NEUTRON/security-groups > neutron-security-group-create-201.json
SG=$(jq -r .security_group.id neutron-security-group-create-201.json)
RULE='"security_group_id":"'$SG'","direction":"ingress","protocol":"tcp","port_range_min":22,"port_range_max":22'
g -X POST -d '{"security_group_rule":{'"$RULE"',"remote_ip_prefix":"203.0.113.0/24"}}' $NEUTRON/security-group-rules > neutron-security-group-rule-create-201.json
n -X POST -d '{"security_group_rule":{'"$RULE"',"remote_ip_prefix":"203.0.113.0/24"}}' $NEUTRON/security-group-rules > neutron-security-group-rule-duplicate-409.txt
n -X POST -d '{"security_group_rule":{'"$RULE"',"remote_ip_prefix":"300.1.1.0/24"}}' $NEUTRON/security-group-rules > neutron-security-group-rule-bad-cidr-400.txt
n -X POST -d '{"security_group_rule":{'"$RULE"',"remote_ip_prefix":"::/0"}}' $NEUTRON/security-group-rules > neutron-security-group-rule-ethertype-400.txt
n -X POST -d '{"security_group_rule":{"security_group_id":"'$SG'","direction":"ingress","protocol":"tcp","port_range_min":22,"port_range_max":70000}}' $NEUTRON/security-group-rules > neutron-security-group-rule-port-70000-400.txt
n -X POST -d '{"security_group_rule":{"security_group_id":"'$SG'","direction":"ingress","protocol":"tcp","port_range_min":80,"port_range_max":22}}' $NEUTRON/security-group-rules > neutron-security-group-rule-port-range-400.txt
n -X POST -d '{"security_group_rule":{"security_group_id":"'$SG'","direction":"ingress","port_range_min":22,"port_range_max":22}}' $NEUTRON/security-group-rules > neutron-security-group-rule-no-protocol-400.txt
n -X POST -d '{"security_group_rule":{"security_group_id":"'$SG'","direction":"inbound"}}' $NEUTRON/security-group-rules > neutron-security-group-rule-direction-400.txt
g $NEUTRON/security-groups/$SG > neutron-security-group.json
g "$NEUTRON/security-group-rules?security_group_id=$SG" > neutron-security-group-rules.json
g "$NEUTRON/security-groups?name=SAMPLE-SG" > neutron-security-groups-name-filter-case.json
g $NEUTRON/subnets > neutron-subnets.json
# A marker that names nothing: subnets and security groups (floating IPs,
# rules) page from the first, linked both ways; networks and routers (ports)
# refuse it.
NOTHING=7c1b5a1e-0000-4000-8000-000000000000
g "$NEUTRON/subnets?limit=1&marker=$NOTHING" > neutron-subnets-unknown-marker.json
g "$NEUTRON/security-groups?limit=1&marker=$NOTHING" > neutron-security-groups-unknown-marker.json
n "$NEUTRON/networks?limit=1&marker=$NOTHING" > neutron-networks-unknown-marker-404.txt
n "$NEUTRON/routers?limit=1&marker=$NOTHING" > neutron-routers-unknown-marker-404.txt
g $NEUTRON/routers > neutron-routers.json
n "${NV[@]}" -X POST -d '{"server":{"name":"sample-bad-sg","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$DNET'"}],"security_groups":[{"name":"no-such-group"}]}}' $NOVA/servers > nova-server-create-unknown-group-400.txt
# Nova refuses a name with white space around it; Cinder stores it without.
n "${NV[@]}" -X POST -d '{"server":{"name":" sample-vm3 ","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$DNET'"}]}}' $NOVA/servers > nova-server-create-name-whitespace-400.txt
n "${NV[@]}" -X POST -d '{"keypair":{"name":"sample-key2 ","public_key":"'"$PUBKEY"'"}}' $NOVA/os-keypairs > nova-keypair-name-whitespace-400.txt
n "${NV[@]}" -X POST -d '{"keypair":{"name":"sample/key","public_key":"'"$PUBKEY"'"}}' $NOVA/os-keypairs > nova-keypair-name-unsafe-400.txt
g "${NV[@]}" -X POST -d '{"server":{"name":"sample-vm2","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$DNET'"}],"key_name":"sample-key","security_groups":[{"name":"sample-sg"}]}}' $NOVA/servers > nova-server-create-sg-202.json
SRV2=$(jq -r .server.id nova-server-create-sg-202.json)
wait_for $NOVA/servers/$SRV2 .server.status ACTIVE 60 "${NV[@]}"
# Nova finds a servers marker among all servers, those the filters exclude
# and deleted ones too: the page goes on after its place (newest first).
g "${NV[@]}" "$NOVA/servers?name=%5Esample-vm%24&marker=$SRV2" > nova-servers-filtered-marker.json
n -X DELETE $NEUTRON/security-groups/$SG > neutron-security-group-in-use-409.txt
g "$NEUTRON/ports?device_id=$SRV2" > neutron-ports-device.json
PORT2=$(jq -r '.ports[0].id' neutron-ports-device.json)
PORT1=$(g "$NEUTRON/ports?device_id=$SRV" | jq -r '.ports[0].id')
g $NEUTRON/ports/$PORT2 > neutron-port.json
n -X POST -d '{"floatingip":{"floating_network_id":"'$DNET'"}}' $NEUTRON/floatingips > neutron-floatingip-not-external-400.txt
g -X POST -d '{"floatingip":{"floating_network_id":"'$EXT'"}}' $NEUTRON/floatingips > neutron-floatingip-create-201.json
FIP=$(jq -r .floatingip.id neutron-floatingip-create-201.json)
g -X PUT -d '{"floatingip":{"port_id":"'$PORT2'"}}' $NEUTRON/floatingips/$FIP > neutron-floatingip-associate.json
g -X POST -d '{"floatingip":{"floating_network_id":"'$EXT'"}}' $NEUTRON/floatingips > neutron-floatingip-create-second.json
FIP2=$(jq -r .floatingip.id neutron-floatingip-create-second.json)
n -X PUT -d '{"floatingip":{"port_id":"'$PORT2'"}}' $NEUTRON/floatingips/$FIP2 > neutron-floatingip-already-associated-409.txt
n -X PUT -d '{"floatingip":{"port_id":"'$PORT1'"}}' $NEUTRON/floatingips/$FIP2 > neutron-floatingip-unreachable-404.txt
g $NEUTRON/floatingips > neutron-floatingips.json
g "${NV[@]}" $NOVA/servers/$SRV2 > nova-server-floating.json
g "${NV[@]}" -X POST -d '{"os-getConsoleOutput":{"length":5}}' $NOVA/servers/$SRV2/action > nova-console-output.json
n "${NV[@]}" -X POST -d '{"os-getConsoleOutput":{"length":"many"}}' $NOVA/servers/$SRV2/action > nova-console-output-bad-length-400.txt
g "${NV[@]}" -X POST -d '{"addSecurityGroup":{"name":"default"}}' -w '%{http_code}\n' $NOVA/servers/$SRV2/action > nova-server-add-security-group-202.txt
# a group the server has already: Neutron refuses the port's duplicate
n "${NV[@]}" -X POST -d '{"addSecurityGroup":{"name":"default"}}' $NOVA/servers/$SRV2/action > nova-server-add-security-group-again-400.txt
n "${NV[@]}" -X POST -d '{"addSecurityGroup":{"name":"no-such-group"}}' $NOVA/servers/$SRV2/action > nova-server-add-security-group-unknown-404.txt
g "${NV[@]}" -X POST -d '{"removeSecurityGroup":{"name":"default"}}' $NOVA/servers/$SRV2/action
n "${NV[@]}" -X POST -d '{"removeSecurityGroup":{"name":"default"}}' $NOVA/servers/$SRV2/action > nova-server-remove-security-group-absent-404.txt
g "${NV[@]}" $NOVA/os-quota-sets/$P/detail > nova-quota-sets-detail.json
g $NEUTRON/quotas/$P/details > neutron-quotas-details.json
g -X PUT -d '{"floatingip":{"port_id":null}}' $NEUTRON/floatingips/$FIP > neutron-floatingip-disassociate.json
g -X DELETE $NEUTRON/floatingips/$FIP
g -X DELETE $NEUTRON/floatingips/$FIP2
n -X DELETE $NEUTRON/floatingips/$FIP > neutron-floatingip-404.txt
g "${NV[@]}" -X DELETE $NOVA/servers/$SRV2
wait_for $NOVA/servers/$SRV2 '.itemNotFound.code // .server.status' 404 60 "${NV[@]}"
g "${NV[@]}" "$NOVA/servers?name=%5Esample-vm&marker=$SRV2" > nova-servers-deleted-marker.json
g -X DELETE $NEUTRON/security-groups/$SG
# cleanup: each delete waits for what it depends on to be gone
g "${CV[@]}" -X DELETE $CINDER/backups/$BAK
wait_for $CINDER/backups/$BAK '.itemNotFound.code // .backup.status' 404 60 "${CV[@]}"
g "${CV[@]}" -X DELETE $CINDER/snapshots/$SNAP
g "${CV[@]}" -X DELETE $CINDER/volumes/$RV
wait_for $CINDER/snapshots/$SNAP '.itemNotFound.code // .snapshot.status' 404 60 "${CV[@]}"
g "${CV[@]}" -X DELETE $CINDER/volumes/$VOL
g "${CV[@]}" -X DELETE $CINDER/volumes/$WSVOL
g "${NV[@]}" -X DELETE $NOVA/servers/$SRV
g "${NV[@]}" -X DELETE $NOVA/os-keypairs/sample-key
wait_for $NOVA/servers/$SRV '.itemNotFound.code // .server.status' 404 60 "${NV[@]}"
# with no server left, the default group is refused for being the default
n -X DELETE $NEUTRON/security-groups/$DEF > neutron-security-group-delete-default-409.txt
# Swift (services/swift.sh): answers with their status line and headers
# (-i), since Swift says much in headers; then the EC2 credentials of
# Keystone and a SigV4 listing through s3api with one of them.
SW=http://127.0.0.1:8080/v1/AUTH_$P
SC=$SW/sample-container
si() { curl -s -i -H "X-Auth-Token: $T" "$@" | tr -d '\r'; }
curl -s http://127.0.0.1:8080/info | jq . > swift-info.json
si -X PUT $SC > swift-container-put-201.txt
si -X PUT $SC > swift-container-put-again-202.txt
si -X PUT "$SW/$(printf 'c%.0s' $(seq 257))" > swift-container-name-too-long-400.txt
si -X PUT -H 'Content-Type: text/plain' --data-binary 'hello, swift' $SC/hello.txt > swift-object-put-201.txt
si -X PUT --data-binary 'a' $SC/docs/a.txt > /dev/null
si -X PUT --data-binary 'b' $SC/docs/b.txt > /dev/null
si -X PUT --data-binary 'x' "$SC/$(printf 'o%.0s' $(seq 1025))" > swift-object-name-too-long-400.txt
si -X PUT -H 'Etag: 00000000000000000000000000000000' --data-binary 'hello' $SC/etag-mismatch.txt > swift-object-put-etag-mismatch-422.txt
si "$SC/hello.txt" > swift-object-get.txt
si -X COPY -H 'Destination: /sample-container/copy.txt' $SC/hello.txt > swift-object-copy-201.txt
si -X POST -H 'X-Object-Meta-Color: blue' -H 'Content-Disposition: inline' -H 'Content-Type: text/markdown' $SC/copy.txt > swift-object-post-202.txt
si -I $SC/copy.txt > swift-object-head-after-post.txt
si -X DELETE $SC/copy.txt > /dev/null
si -I "$SC/hello.txt" > swift-object-head.txt
si "$SC/no-such-object" > swift-object-404.txt
si "$SC?format=json" > swift-container-get.txt
si "$SC?format=json&limit=2" > swift-container-get-limit.txt
si "$SC?format=json&delimiter=/" > swift-container-get-delimiter.txt
si "$SC?format=json&prefix=docs/&marker=docs/a.txt" > swift-container-get-prefix-marker.txt
si "$SW/no-such-container?format=json" > swift-container-404.txt
si -X DELETE $SC > swift-container-delete-not-empty-409.txt
# anyone may read and list: the ACL, then an anonymous read and listing
si -X POST -H 'X-Container-Read: .r:*,.rlistings' $SC > swift-container-post-read-acl-204.txt
si -I $SC > swift-container-head-public.txt
curl -s -i "$SC/hello.txt" | tr -d '\r' > swift-object-get-anonymous-public.txt
curl -s -i "$SC?format=json" | tr -d '\r' > swift-container-get-anonymous-public.txt
si -X POST -H 'X-Remove-Container-Read: x' $SC > /dev/null
curl -s -i "$SC/hello.txt" | tr -d '\r' > swift-object-get-anonymous-private-401.txt
# a large object's manifest (SLO) of two segments
SEG=$SW/sample-container-segments
si -X PUT $SEG > /dev/null
si -X PUT --data-binary 'part-one,' $SEG/big/1 > /dev/null
si -X PUT --data-binary 'part-two' $SEG/big/2 > /dev/null
E1=$(printf 'part-one,' | md5sum | cut -d' ' -f1); E2=$(printf 'part-two' | md5sum | cut -d' ' -f1)
si -X PUT --data-binary '[{"path":"sample-container-segments/big/1","etag":"'$E1'","size_bytes":9},{"path":"sample-container-segments/big/2","etag":"'$E2'","size_bytes":8}]' \
  "$SC/big.bin?multipart-manifest=put" > swift-slo-put-201.txt
si "$SC/big.bin" > swift-slo-get.txt
si -X PUT --data-binary '[{"path":"sample-container-segments/big/1","etag":"ffffffffffffffffffffffffffffffff","size_bytes":9}]' \
  "$SC/bad.bin?multipart-manifest=put" > swift-slo-put-bad-etag-400.txt
# temp URLs: the account's key, a GET signed with it, a wrong signature, an expired link
si -I $SW > swift-account-head.txt
si -X POST -H 'X-Account-Meta-Temp-URL-Key: sample-key' $SW > swift-account-post-temp-url-key-204.txt
si -I $SW > swift-account-head-temp-url-key.txt
TU=/v1/AUTH_$P/sample-container/hello.txt; EXP=$(( $(date +%s) + 600 ))
SIG=$(printf 'GET\n%s\n%s' $EXP $TU | openssl dgst -sha256 -hmac sample-key | awk '{print $NF}')
curl -s -i "http://127.0.0.1:8080$TU?temp_url_sig=$SIG&temp_url_expires=$EXP" | tr -d '\r' > swift-tempurl-get.txt
curl -s -i "http://127.0.0.1:8080$TU?temp_url_sig=0$SIG&temp_url_expires=$EXP" | tr -d '\r' > swift-tempurl-bad-signature-401.txt
OLD=$(( $(date +%s) - 10 )); OSIG=$(printf 'GET\n%s\n%s' $OLD $TU | openssl dgst -sha256 -hmac sample-key | awk '{print $NF}')
curl -s -i "http://127.0.0.1:8080$TU?temp_url_sig=$OSIG&temp_url_expires=$OLD" | tr -d '\r' > swift-tempurl-expired-401.txt
si -X POST -H 'X-Remove-Account-Meta-Temp-URL-Key: x' $SW > /dev/null
si "$SW?format=json" > swift-account-get.txt
# Keystone's EC2 credentials of demo, and a SigV4 listing with one (s3api)
U=$(jq -r .token.user.id keystone-token.json)
g -X POST -d '{"tenant_id":"'$P'"}' -w '\n%{http_code}\n' $KS/users/$U/credentials/OS-EC2 > keystone-ec2-create-201.txt
AK=$(head -n 1 keystone-ec2-create-201.txt | jq -r .credential.access); SK=$(head -n 1 keystone-ec2-create-201.txt | jq -r .credential.secret)
g $KS/users/$U/credentials/OS-EC2 | jq . > keystone-ec2-list.json
g -w '\n%{http_code}\n' $KS/users/$U/credentials/OS-EC2/no-such-access > keystone-ec2-404.txt
curl -s -i --aws-sigv4 "aws:amz:RegionOne:s3" --user "$AK:$SK" -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
  http://127.0.0.1:8080/sample-container | tr -d '\r' > s3-list-bucket-sigv4.txt
curl -s -i --aws-sigv4 "aws:amz:RegionOne:s3" --user "$AK:0$SK" -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
  http://127.0.0.1:8080/sample-container | tr -d '\r' > s3-list-bucket-bad-secret-403.txt
g -X DELETE -w '%{http_code}\n' $KS/users/$U/credentials/OS-EC2/$AK > keystone-ec2-delete-204.txt
# an application credential's token may not touch EC2 credentials (Keystone's delegated tokens)
ACJ=${OSLAB:-/tmp/oslab}/run/appcred.json
ACT=$(token "$(jq -c '{auth:{identity:{methods:["application_credential"],application_credential:{id:.id,secret:.secret}}}}' "$ACJ")")
curl -s -H "X-Auth-Token: $ACT" -w '\n%{http_code}\n' $KS/users/$U/credentials/OS-EC2 > keystone-ec2-appcred-list-403.txt
curl -s -H "X-Auth-Token: $ACT" -H 'Content-Type: application/json' -d '{"tenant_id":"'$P'"}' -w '\n%{http_code}\n' \
  $KS/users/$U/credentials/OS-EC2 > keystone-ec2-appcred-create-403.txt
curl -s -H "X-Auth-Token: $ACT" -X DELETE -w '\n%{http_code}\n' $KS/users/$U/credentials/OS-EC2/no-such-access > keystone-ec2-appcred-delete-404.txt
# bulk delete empties both containers, then the containers go
printf '%s\n' /sample-container/hello.txt /sample-container/docs/a.txt /sample-container/docs/b.txt /sample-container/big.bin \
  /sample-container/no-such-object | si -X POST -H 'Accept: application/json' -H 'Content-Type: text/plain' --data-binary @- \
  "$SW?bulk-delete=true" > swift-bulk-delete.txt
printf '%s\n' /sample-container-segments/big/1 /sample-container-segments/big/2 /sample-container-segments /sample-container |
  si -X POST -H 'Accept: application/json' -H 'Content-Type: text/plain' --data-binary @- "$SW?bulk-delete=true" > /dev/null
si -X DELETE $SC > swift-container-delete-404.txt
grep -iE '^(x-openstack-request-id|openstack-api-version|location)' "$TMP/create-hdr.txt" > nova-server-create-headers.txt
# CloudKitty (rating): what demo may read (summary, dataframes; not the rules),
# and the hashmap rules as admin reads them. The rated hours are the lab's
# (services/cloudkitty_rate.py), so the figures move with the clock.
CK=http://127.0.0.1:8889
g $CK/ > cloudkitty-versions.json
g "$CK/v2/summary" > cloudkitty-summary.json
g "$CK/v2/summary?groupby=type" > cloudkitty-summary-by-type.json
g "$CK/v2/summary?groupby=type&groupby=id" > cloudkitty-summary-by-type-id.json
g "$CK/v2/summary?groupby=type&begin=2020-01-01T00:00:00Z&end=2020-01-02T00:00:00Z" > cloudkitty-summary-empty.json
g -w '\n%{http_code}\n' "$CK/v2/summary?begin=yesterday" > cloudkitty-summary-bad-begin-400.txt
g "$CK/v2/dataframes?limit=2" > cloudkitty-dataframes-limit-2.json
g "$CK/v2/dataframes?limit=1&filters=type:network.services.lb.loadbalancer" > cloudkitty-dataframes-loadbalancer.json
g -w '\n%{http_code}\n' "$CK/v2/dataframes?begin=2020-01-01T00:00:00Z&end=2020-01-02T00:00:00Z" > cloudkitty-dataframes-empty-404.txt
g -w '\n%{http_code}\n' $CK/v1/rating/module_config/hashmap/services > cloudkitty-hashmap-services-member-403.txt
AT=$(token "$(password_auth admin)")
a() { curl -s -H "X-Auth-Token: $AT" "$@"; }
a $CK/v1/rating/module_config/hashmap/services > cloudkitty-hashmap-services.json
HS=$(jq -r '.services[] | select(.name == "instance") | .service_id' cloudkitty-hashmap-services.json)
a "$CK/v1/rating/module_config/hashmap/fields?service_id=$HS" > cloudkitty-hashmap-fields.json
HF=$(jq -r '.fields[0].field_id' cloudkitty-hashmap-fields.json)
a "$CK/v1/rating/module_config/hashmap/mappings?field_id=$HF" > cloudkitty-hashmap-mappings-field.json
HI=$(jq -r '.services[] | select(.name == "ip.floating") | .service_id' cloudkitty-hashmap-services.json)
a "$CK/v1/rating/module_config/hashmap/mappings?service_id=$HI" > cloudkitty-hashmap-mappings-service.json
# Designate: a zone and its record sets, PENDING until BIND has them, and
# the refusals set_record meets.
DNS=http://127.0.0.1:9001
g $DNS/ > designate-versions.json
g $DNS/v2/quotas/$P > designate-quotas.json
g -X POST -d '{"name":"sample-zone.test.","email":"hostmaster@sample-zone.test","ttl":600}' $DNS/v2/zones > designate-zone-create-202.json
ZONE=$(jq -r .id designate-zone-create-202.json)
n -X POST -d '{"name":"sample-zone.test.","email":"hostmaster@sample-zone.test"}' $DNS/v2/zones > designate-zone-duplicate-409.txt
n -X POST -d '{"name":"sample-zone.test","email":"hostmaster@sample-zone.test"}' $DNS/v2/zones > designate-zone-no-dot-400.txt
n $DNS/v2/zones/7c1b5a1e-0000-4000-8000-000000000000 > designate-zone-404.txt
wait_for $DNS/v2/zones/$ZONE .status ACTIVE 60
g $DNS/v2/zones/$ZONE > designate-zone-active.json
g "$DNS/v2/zones?name=sample-zone.test." > designate-zones-name-filter.json
g -X POST -d '{"name":"www.sample-zone.test.","type":"A","records":["198.51.100.7"],"ttl":300}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-create-202.json
RS=$(jq -r .id designate-recordset-create-202.json)
n -X POST -d '{"name":"www.sample-zone.test.","type":"A","records":["198.51.100.8"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-duplicate-409.txt
n -X POST -d '{"name":"www.sample-zone.test.","type":"CNAME","records":["web.example.org."]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-cname-beside-400.txt
n -X POST -d '{"name":"www.example.org.","type":"A","records":["198.51.100.7"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-outside-zone-400.txt
n -X POST -d '{"name":"bad.sample-zone.test.","type":"A","records":["2001:db8::7"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-bad-address-400.txt
n -X POST -d '{"name":"bad.sample-zone.test.","type":"A","records":["198.51.100.7"],"ttl":2147483648}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-bad-ttl-400.txt
wait_for $DNS/v2/zones/$ZONE/recordsets/$RS .status ACTIVE 60
g $DNS/v2/zones/$ZONE/recordsets/$RS > designate-recordset-active.json
g "$DNS/v2/zones/$ZONE/recordsets?type=A&name=www.sample-zone.test." > designate-recordsets-filter.json
g "$DNS/v2/zones/$ZONE/recordsets?limit=1" > designate-recordsets-limit1.json
dig +noall +answer @127.0.0.1 www.sample-zone.test. A > designate-dig-www.txt
g -X PUT -d '{"records":["198.51.100.7","198.51.100.8"],"ttl":600}' $DNS/v2/zones/$ZONE/recordsets/$RS > designate-recordset-update-202.json
g -X PUT -d '{"ttl":null}' $DNS/v2/zones/$ZONE/recordsets/$RS > designate-recordset-update-ttl-null-202.json
g "$DNS/v2/recordsets?name=www.sample-zone.test." > designate-recordsets-all-name-filter.json
g -X PATCH -d '{"ttl":900,"description":"sample","email":"dns@sample-zone.test"}' $DNS/v2/zones/$ZONE > designate-zone-update-202.json
n -X PATCH -d '{"name":"other-zone.test."}' $DNS/v2/zones/$ZONE > designate-zone-update-name-400.txt
g -X DELETE $DNS/v2/zones/$ZONE/recordsets/$RS > designate-recordset-delete-202.json
# Names keep the case they were written in: a zone's name in another case is
# a duplicate, but a record set must end with its zone's name as written.
g -X POST -d '{"name":"WWW.sample-zone.test.","type":"A","records":["198.51.100.9"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-mixed-case-202.json
n -X POST -d '{"name":"www.sample-zone.test.","type":"A","records":["198.51.100.9"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-duplicate-case-409.txt
n -X POST -d '{"name":"web.Sample-Zone.test.","type":"A","records":["198.51.100.9"]}' $DNS/v2/zones/$ZONE/recordsets > designate-recordset-zone-case-400.txt
n -X POST -d '{"name":"SAMPLE-ZONE.test.","email":"hostmaster@sample-zone.test"}' $DNS/v2/zones > designate-zone-duplicate-case-409.txt
g -X DELETE $DNS/v2/zones/$ZONE > designate-zone-delete-202.json
wait_for $DNS/v2/zones/$ZONE '.code // .status' 404 60
n "$DNS/v2/zones?marker=7c1b5a1e-0000-4000-8000-000000000000" > designate-zones-bad-marker-400.txt
n "$DNS/v2/zones?limit=0" > designate-zones-bad-limit-400.txt
# Over quota: the admin lowers demo's quotas for a moment, then resets them.
A=(-H "X-Auth-Token: $AT" -H 'X-Auth-All-Projects: true' -H 'Content-Type: application/json')
curl -s "${A[@]}" -X PATCH -d '{"zones":0}' $DNS/v2/quotas/$P > /dev/null
n -X POST -d '{"name":"quota-zone.test.","email":"hostmaster@quota-zone.test"}' $DNS/v2/zones > designate-zone-over-quota-413.txt
curl -s "${A[@]}" -X PATCH -d '{"zones":10,"zone_recordsets":2}' $DNS/v2/quotas/$P > /dev/null
QZ=$(g -X POST -d '{"name":"quota-zone.test.","email":"hostmaster@quota-zone.test"}' $DNS/v2/zones | jq -r .id)
n -X POST -d '{"name":"a.quota-zone.test.","type":"A","records":["198.51.100.7"]}' $DNS/v2/zones/$QZ/recordsets > designate-recordset-over-quota-413.txt
curl -s "${A[@]}" -X DELETE $DNS/v2/quotas/$P
g -X DELETE $DNS/v2/zones/$QZ > /dev/null
OUT="$OUT" bash "$HERE/capture-truth-samples.sh"
OUT="$OUT" bash "$HERE/capture-neutron-change-samples.sh"
lb_samples
echo "samples written to $OUT"
