#!/bin/bash
# The lab's answers to what gophercloud's acceptance tests ask of the sandbox
# (test/acceptance): server rename, metadata, tags, addresses, the actions a
# member may use, server groups, Cinder's updates, attachments and limits,
# Glance's image create and upload, Neutron's revision preconditions and the
# discovery documents. capture-samples.sh runs it; it runs alone too:
#   bash test/openstack/capture-truth-samples.sh
set -u
export PATH=/usr/bin:/bin
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-api.sh"
capture_setup
# raw: with the token only, for bodies that are not JSON (image data, JSON patches)
raw() { curl -s -H "X-Auth-Token: $T" -w '\n%{http_code}\n' "$@"; }
NOVA=http://127.0.0.1:8774/v2.1
CINDER=http://127.0.0.1:8776/v3/$P
GLANCE=http://127.0.0.1:9292
NEUTRON=http://127.0.0.1:9696/v2.0
N79=(-H 'OpenStack-API-Version: compute 2.79')
N93=(-H 'OpenStack-API-Version: compute 2.93')
IMG=$(g "$GLANCE/v2/images?name=tiny-raw" | jq -r '.images[0].id')
NET=$(g "$NEUTRON/networks?name=private" | jq -r '.networks[0].id')

# Nova: a server with tags (2.52), its addresses, rename, metadata and tags
g "${N93[@]}" -X POST -d '{"server":{"name":"truth-vm","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$NET'"}],"metadata":{"abc":"def"},"tags":["tag1","tag2"],"description":"first"}}' $NOVA/servers > "$TMP/vm.json"
SRV=$(jq -r .server.id "$TMP/vm.json")
wait_for $NOVA/servers/$SRV .server.status ACTIVE 90 "${N93[@]}"
g "${N93[@]}" $NOVA/servers/$SRV > nova-server-2.93.json
g "${N79[@]}" $NOVA/servers/$SRV/ips > nova-server-ips.json
c "${N79[@]}" $NOVA/servers/$SRV/ips/private > nova-server-ips-network.txt
c "${N79[@]}" $NOVA/servers/$SRV/ips/no-such-network > nova-server-ips-network-404.txt
g "${N79[@]}" -X PUT -d '{"server":{"name":"truth-vm-renamed","description":"second"}}' $NOVA/servers/$SRV > nova-server-update.json
g "${N93[@]}" -X PUT -d '{"server":{"hostname":"truth-host"}}' $NOVA/servers/$SRV > nova-server-update-hostname-2.93.json
c "${N79[@]}" -X PUT -d '{"server":{"hostname":"truth-host"}}' $NOVA/servers/$SRV > nova-server-update-hostname-2.79-400.txt
g "${N79[@]}" -X POST -d '{"metadata":{"foo":"bar","this":"that"}}' $NOVA/servers/$SRV/metadata > nova-server-metadata-post.json
g "${N79[@]}" $NOVA/servers/$SRV/metadata > nova-server-metadata.json
g "${N79[@]}" $NOVA/servers/$SRV/metadata/foo > nova-server-metadatum.json
c "${N79[@]}" $NOVA/servers/$SRV/metadata/nope > nova-server-metadatum-404.txt
g "${N79[@]}" -X PUT -d '{"meta":{"foo":"baz"}}' $NOVA/servers/$SRV/metadata/foo > nova-server-metadatum-put.json
c "${N79[@]}" -X DELETE $NOVA/servers/$SRV/metadata/foo > nova-server-metadatum-delete.txt
g "${N79[@]}" -X PUT -d '{"metadata":{}}' $NOVA/servers/$SRV/metadata > nova-server-metadata-put-empty.json
g "${N79[@]}" $NOVA/servers/$SRV/tags > nova-server-tags.json
c "${N79[@]}" $NOVA/servers/$SRV/tags/tag2 > nova-server-tag-check.txt
c "${N79[@]}" $NOVA/servers/$SRV/tags/nope > nova-server-tag-check-404.txt
g "${N79[@]}" -X PUT -d '{"tags":["tag3","tag4"]}' $NOVA/servers/$SRV/tags > nova-server-tags-put.json
c "${N79[@]}" -X PUT $NOVA/servers/$SRV/tags/tag5 > nova-server-tag-put.txt
c "${N79[@]}" -X DELETE $NOVA/servers/$SRV/tags/tag4 > nova-server-tag-delete.txt
c "${N79[@]}" -X DELETE $NOVA/servers/$SRV/tags > nova-server-tags-delete.txt
c -H 'OpenStack-API-Version: compute 2.25' $NOVA/servers/$SRV/tags > nova-server-tags-2.25-404.txt
c "${N79[@]}" -X POST -d '{"server":{"name":"x","flavorRef":"1","imageRef":"'$IMG'","networks":"none","tags":["a/b"]}}' $NOVA/servers > nova-server-create-bad-tag-400.txt
# actions: each answer's status, and the states the server goes through
act() { # act NAME BODY STATUS: the answer to the action, then waits for STATUS
  c "${N79[@]}" -X POST -d "$2" $NOVA/servers/$SRV/action > nova-server-$1.txt
  wait_for $NOVA/servers/$SRV .server.status "$3" 60 "${N79[@]}"
  g "${N79[@]}" $NOVA/servers/$SRV > nova-server-$1-done.json
}
act pause '{"pause":null}' PAUSED
c "${N79[@]}" -X POST -d '{"pause":null}' $NOVA/servers/$SRV/action > nova-server-pause-again-409.txt
act unpause '{"unpause":null}' ACTIVE
act suspend '{"suspend":null}' SUSPENDED
act resume '{"resume":null}' ACTIVE
act lock '{"lock":{"locked_reason":"truth"}}' ACTIVE
c "${N79[@]}" -X DELETE $NOVA/servers/$SRV > nova-server-delete-locked-409.txt
c "${N79[@]}" -X POST -d '{"os-stop":null}' $NOVA/servers/$SRV/action > nova-server-stop-locked-409.txt
act unlock '{"unlock":null}' ACTIVE
act rescue '{"rescue":{"adminPass":"Rescue-Pass-1"}}' RESCUE
act unrescue '{"unrescue":null}' ACTIVE
c "${N79[@]}" -X POST -d '{"rebuild":{"imageRef":"'$IMG'","name":"truth-vm-rebuilt","adminPass":"Rebuild-Pass-1"}}' $NOVA/servers/$SRV/action > nova-server-rebuild.txt
g "${N79[@]}" $NOVA/servers/$SRV | jq '.server | {status, "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state"}' > nova-server-rebuilding.json
wait_for $NOVA/servers/$SRV .server.status ACTIVE 60 "${N79[@]}"
g "${N79[@]}" $NOVA/servers/$SRV > nova-server-rebuild-done.json
g "${N79[@]}" $NOVA/servers/$SRV/os-instance-actions > nova-server-instance-actions.json
g "${N79[@]}" $NOVA/servers/$SRV/os-interface > nova-server-interfaces.json
g "${N79[@]}" -X DELETE $NOVA/servers/$SRV
# server groups
g "${N79[@]}" -X POST -d '{"server_group":{"name":"truth-group","policy":"anti-affinity"}}' $NOVA/os-server-groups > nova-server-group-create.json
SG=$(jq -r .server_group.id nova-server-group-create.json)
g -H 'OpenStack-API-Version: compute 2.1' -X POST -d '{"server_group":{"name":"truth-group-old","policies":["affinity"]}}' $NOVA/os-server-groups > nova-server-group-create-2.1.json
SG1=$(jq -r .server_group.id nova-server-group-create-2.1.json)
g "${N79[@]}" $NOVA/os-server-groups > nova-server-groups.json
g "${N79[@]}" $NOVA/os-server-groups/$SG > nova-server-group.json
c "${N79[@]}" -X POST -d '{"server_group":{"name":"bad","policy":"nope"}}' $NOVA/os-server-groups > nova-server-group-create-bad-policy-400.txt
c "${N79[@]}" -X DELETE $NOVA/os-server-groups/$SG > nova-server-group-delete.txt
g -X DELETE $NOVA/os-server-groups/$SG1
c "${N79[@]}" $NOVA/os-server-groups/$SG > nova-server-group-404.txt
# discovery and limits
g $KS/auth/projects > keystone-auth-projects.json
g $NOVA/os-networks | jq '{networks: [.networks[0]]}' > nova-os-networks.json
g $NOVA/extensions | jq '{extensions: [.extensions[] | {alias, name}]}' > nova-extensions.json
g $NOVA/extensions/os-admin-actions > nova-extension.json
g "${N79[@]}" $NOVA/limits > nova-limits-2.79.json
g $NOVA/limits > nova-limits-2.1.json
g $NOVA/os-quota-sets/$P > nova-quota-set-2.1.json
g -H 'OpenStack-API-Version: compute 2.36' $NOVA/limits > nova-limits-2.36.json

# Cinder: update, bootable, limits, attachments
C60=(-H 'OpenStack-API-Version: volume 3.60')
g "${C60[@]}" -X POST -d '{"volume":{"size":1,"name":"truth-vol"}}' $CINDER/volumes > "$TMP/vol.json"
VOL=$(jq -r .volume.id "$TMP/vol.json")
wait_for $CINDER/volumes/$VOL .volume.status available 60 "${C60[@]}"
g "${C60[@]}" -X PUT -d '{"volume":{"name":"truth-vol-renamed","description":"d","metadata":{"k":"v"}}}' $CINDER/volumes/$VOL > cinder-volume-update.json
c "${C60[@]}" -X POST -d '{"os-set_bootable":{"bootable":true}}' $CINDER/volumes/$VOL/action > cinder-volume-set-bootable.txt
g "${C60[@]}" $CINDER/volumes/$VOL | jq '.volume | {bootable}' > cinder-volume-bootable.json
c "${C60[@]}" -X POST -d '{"os-set_bootable":{"bootable":"maybe"}}' $CINDER/volumes/$VOL/action > cinder-volume-set-bootable-bad-400.txt
g "${C60[@]}" $CINDER/limits > cinder-limits.json
g "${C60[@]}" -X POST -d '{"snapshot":{"volume_id":"'$VOL'","name":"truth-snap"}}' $CINDER/snapshots > "$TMP/snap.json"
SNAP=$(jq -r .snapshot.id "$TMP/snap.json")
wait_for $CINDER/snapshots/$SNAP .snapshot.status available 60 "${C60[@]}"
g "${C60[@]}" -X PUT -d '{"snapshot":{"name":"truth-snap-renamed","description":"d"}}' $CINDER/snapshots/$SNAP > cinder-snapshot-update.json
g "${C60[@]}" -X DELETE $CINDER/snapshots/$SNAP
wait_for $CINDER/snapshots/$SNAP '.itemNotFound.code // .snapshot.status' 404 60 "${C60[@]}"
c "${C60[@]}" -X POST -d '{"os-volume_upload_image":{"image_name":"truth-upload","disk_format":"raw","container_format":"bare"}}' $CINDER/volumes/$VOL/action > cinder-volume-upload-image.txt
UP=$(head -n 1 cinder-volume-upload-image.txt | jq -r '."os-volume_upload_image".image_id')
g "${C60[@]}" $CINDER/volumes/$VOL | jq '.volume | {status}' > cinder-volume-uploading.json
wait_for $CINDER/volumes/$VOL .volume.status available 60 "${C60[@]}"
wait_for $GLANCE/v2/images/$UP .status active 60
g $GLANCE/v2/images/$UP > glance-image-from-volume.json
g -X DELETE $GLANCE/v2/images/$UP
c "${C60[@]}" -X DELETE $CINDER/volumes/$VOL > /dev/null

# Glance: create, upload, update, filters, import info
g -X POST -d '{"name":"truth-image","disk_format":"raw","container_format":"bare","visibility":"private","tags":["t1"],"min_disk":1,"foo":"bar"}' $GLANCE/v2/images > glance-image-create.json
GI=$(jq -r .id glance-image-create.json)
raw -X PUT -H 'Content-Type: application/octet-stream' --data-binary 'truth image bits' $GLANCE/v2/images/$GI/file > glance-image-upload.txt
g $GLANCE/v2/images/$GI > glance-image-uploaded.json
curl -s -D "$TMP/file-hdr.txt" -H "X-Auth-Token: $T" $GLANCE/v2/images/$GI/file > "$TMP/file.bin"
grep -iE '^(content-type|content-md5|content-length)' "$TMP/file-hdr.txt" | tr -d '\r' > glance-image-download-headers.txt
raw -X PATCH -H 'Content-Type: application/openstack-images-v2.1-json-patch' -d '[{"op":"replace","path":"/name","value":"truth-image-2"},{"op":"add","path":"/k","value":"v"},{"op":"remove","path":"/foo"}]' $GLANCE/v2/images/$GI > glance-image-patch.txt
g "$GLANCE/v2/images?created_at=gte:2999-01-01T00:00:00Z" > glance-images-created-at-future.json
g "$GLANCE/v2/images?created_at=lte:2999-01-01T00:00:00Z&visibility=private" | jq '{images: [.images[] | {name}]}' > glance-images-created-at-past.json
g "$GLANCE/v2/images?tag=t1" | jq '{images: [.images[] | {name}]}' > glance-images-tag-filter.json
c "$GLANCE/v2/images?created_at=bogus" > glance-images-created-at-bad-400.txt
g $GLANCE/v2/info/import > glance-info-import.json
c -X DELETE $GLANCE/v2/images/$GI > glance-image-delete.txt

# Neutron: discovery, and If-Match on a stale revision
g $NEUTRON/ > neutron-v2.0.json
g $NEUTRON/extensions | jq '{extensions: [.extensions[] | {alias, name}]}' > neutron-extensions.json
g $NEUTRON/extensions/router > neutron-extension.json
g -X POST -d '{"security_group":{"name":"truth-sg"}}' $NEUTRON/security-groups > "$TMP/sg.json"
SGN=$(jq -r .security_group.id "$TMP/sg.json")
g -X PUT -d '{"security_group":{"description":"one"}}' $NEUTRON/security-groups/$SGN > neutron-security-group-update.json
c -X PUT -H 'If-Match: revision_number=1' -d '{"security_group":{"description":"two"}}' $NEUTRON/security-groups/$SGN > neutron-security-group-update-stale-412.txt
REV=$(g $NEUTRON/security-groups/$SGN | jq .security_group.revision_number)
c -X PUT -H "If-Match: revision_number=$REV" -d '{"security_group":{"description":"three"}}' $NEUTRON/security-groups/$SGN > neutron-security-group-update-if-match.txt
g -X DELETE $NEUTRON/security-groups/$SGN
wait_for $NOVA/servers/$SRV '.itemNotFound.code // .server.status' 404 60 "${N79[@]}"
echo "truth samples written to $OUT"
