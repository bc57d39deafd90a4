#!/bin/bash
# The lab's answers to the changes gophercloud's acceptance tests make in
# Neutron: updates of networks, subnets, ports and routers under their
# revisions, tags, subnet pools, allocation pools, port security, allowed
# address pairs, extra DHCP options and extra routes; Nova's
# os-security-groups proxy of Neutron's groups, and a server's instance
# actions. capture-samples.sh runs
# it; it runs alone too: bash test/openstack/capture-neutron-change-samples.sh
# It makes and deletes its own network, subnets, ports, router, pool and server.
set -u
export PATH=/usr/bin:/bin
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-api.sh"
capture_setup
NEUTRON=http://127.0.0.1:9696/v2.0
EXT=$(g "$NEUTRON/networks?name=ext-floating1" | jq -r '.networks[0].id')

# a network: update, stale revision, tags
NET=$(g -X POST -d '{"network":{"name":"change-net"}}' $NEUTRON/networks | jq -r .network.id)
g -X PUT -d '{"network":{"name":"change-net2","description":"","port_security_enabled":false}}' $NEUTRON/networks/$NET > neutron-network-update.json
c -X PUT -H 'If-Match: revision_number=1' -d '{"network":{"description":"x"}}' $NEUTRON/networks/$NET > neutron-network-update-stale-412.txt
c -X PUT -d '{"network":{"id":"x"}}' $NEUTRON/networks/$NET > neutron-network-update-read-only-400.txt
g -X PUT -d '{"tags":["b","a","c"]}' $NEUTRON/networks/$NET/tags > neutron-network-tags-replace.json
c -X PUT -d '{"tags":"x"}' $NEUTRON/networks/$NET/tags > neutron-network-tags-not-list-400.txt
c -X PUT -d '{"tags":["a","a"]}' $NEUTRON/networks/$NET/tags > neutron-network-tags-duplicate-400.txt
c $NEUTRON/networks/$NET/tags/zz > neutron-network-tag-absent-404.txt
g $NEUTRON/networks/$NET > neutron-network-tagged.json

# subnets: no gateway and allocation pools, then an update; refusals
g -X POST -d '{"subnet":{"name":"change-sub","network_id":"'$NET'","ip_version":4,"cidr":"10.77.0.0/24","gateway_ip":null,"allocation_pools":[{"start":"10.77.0.10","end":"10.77.0.20"}],"enable_dhcp":false}}' $NEUTRON/subnets > neutron-subnet-create-pools.json
SUB=$(jq -r .subnet.id neutron-subnet-create-pools.json)
g -X PUT -d '{"subnet":{"gateway_ip":"10.77.0.1","dns_nameservers":["1.1.1.1"]}}' $NEUTRON/subnets/$SUB > neutron-subnet-update.json
c -X PUT -d '{"subnet":{"gateway_ip":"10.77.0.15"}}' $NEUTRON/subnets/$SUB > neutron-subnet-gateway-conflict-409.txt
c -X PUT -d '{"subnet":{"service_types":["bogus"]}}' $NEUTRON/subnets/$SUB > neutron-subnet-service-type-400.txt
c -X PUT -d '{"subnet":{"dns_nameservers":["x"]}}' $NEUTRON/subnets/$SUB > neutron-subnet-nameserver-400.txt
c -X PUT -d '{"subnet":{"cidr":"10.78.0.0/24"}}' $NEUTRON/subnets/$SUB > neutron-subnet-update-cidr-400.txt
c -X POST -d '{"subnet":{"network_id":"'$NET'","ip_version":4,"cidr":"10.83.0.0/24","allocation_pools":[{"start":"10.82.0.1","end":"10.82.0.30"}]}}' $NEUTRON/subnets > neutron-subnet-pool-out-of-bounds-400.txt

# ports: without port security, then with allowed address pairs and DHCP options
g -X POST -d '{"port":{"network_id":"'$NET'","name":"change-port","admin_state_up":false,"port_security_enabled":false,"extra_dhcp_opts":[{"opt_name":"test_option_1","opt_value":"v1"}]}}' $NEUTRON/ports > neutron-port-create-extras-201.json
PORT=$(jq -r .port.id neutron-port-create-extras-201.json)
c -X PUT -d '{"port":{"allowed_address_pairs":[{"ip_address":"192.168.255.10"}]}}' $NEUTRON/ports/$PORT > neutron-port-pairs-no-security-409.txt
g -X PUT -d '{"port":{"port_security_enabled":true,"allowed_address_pairs":[{"ip_address":"192.168.255.10"}],"extra_dhcp_opts":[{"opt_name":"test_option_1","opt_value":null},{"opt_name":"test_option_2","opt_value":"v2"}]}}' $NEUTRON/ports/$PORT > neutron-port-update-extras.json
DEF=$(g "$NEUTRON/security-groups?name=default" | jq -r '.security_groups[0].id')
PORT2=$(g -X POST -d '{"port":{"network_id":"'$NET'","name":"change-port2","port_security_enabled":true,"security_groups":["'$DEF'"]}}' $NEUTRON/ports | jq -r .port.id)
c -X PUT -d '{"port":{"port_security_enabled":false}}' $NEUTRON/ports/$PORT2 > neutron-port-disable-security-409.txt
c -X POST -d '{"port":{"network_id":"'$NET'","port_security_enabled":false,"security_groups":["'$DEF'"]}}' $NEUTRON/ports > neutron-port-groups-no-security-400.txt
g -X DELETE $NEUTRON/ports/$PORT
g -X DELETE $NEUTRON/ports/$PORT2

# a router: update, routes through its interface, extra routes, gateway
RT=$(g -X POST -d '{"router":{"name":"change-router"}}' $NEUTRON/routers | jq -r .router.id)
c -X PUT -d '{"router":{"routes":[{"destination":"192.168.11.0/30","nexthop":"10.77.0.251"}]}}' $NEUTRON/routers/$RT > neutron-router-routes-unreachable-400.txt
g -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/add_router_interface > /dev/null
g -X PUT -d '{"router":{"name":"change-router2","description":"","routes":[{"destination":"192.168.11.0/30","nexthop":"10.77.0.251"}]}}' $NEUTRON/routers/$RT > neutron-router-update.json
g -X PUT -d '{"router":{"routes":[{"destination":"192.168.13.0/30","nexthop":"10.77.0.251"}]}}' $NEUTRON/routers/$RT/add_extraroutes > neutron-router-add-extraroutes.json
c -X PUT -d '{"router":{"external_gateway_info":{"network_id":"'$EXT'","enable_snat":false}}}' $NEUTRON/routers/$RT > neutron-router-gateway-snat-403.txt
g -X PUT -d '{"router":{"external_gateway_info":{"network_id":"'$EXT'"}}}' $NEUTRON/routers/$RT > neutron-router-update-gateway.json
g -X PUT -d '{"router":{"routes":[]}}' $NEUTRON/routers/$RT > /dev/null
g -X PUT -d '{"subnet_id":"'$SUB'"}' $NEUTRON/routers/$RT/remove_router_interface > /dev/null
g -X DELETE $NEUTRON/routers/$RT
# service types: a port whose device owner no subnet serves gets no address
g -X PUT -d '{"subnet":{"service_types":["network:floatingip","compute:nova"]}}' $NEUTRON/subnets/$SUB > neutron-subnet-update-service-types.json
c -X POST -d '{"port":{"network_id":"'$NET'"}}' $NEUTRON/ports > neutron-port-no-service-subnet-409.txt
g -X DELETE $NEUTRON/subnets/$SUB

# a subnet pool and the subnets it gives
g -X POST -d '{"subnetpool":{"name":"change-pool","description":"d","prefixes":["10.0.0.0/8"],"default_prefixlen":24}}' $NEUTRON/subnetpools > neutron-subnetpool-create-201.json
SP=$(jq -r .subnetpool.id neutron-subnetpool-create-201.json)
g -X PUT -d '{"subnetpool":{"name":"change-pool2","description":""}}' $NEUTRON/subnetpools/$SP > neutron-subnetpool-update.json
g -X POST -d '{"subnet":{"name":"pool-sub","network_id":"'$NET'","ip_version":4,"subnetpool_id":"'$SP'","enable_dhcp":false}}' $NEUTRON/subnets > neutron-subnet-from-pool.json
g -X POST -d '{"subnet":{"name":"pool-sub12","network_id":"'$NET'","ip_version":4,"subnetpool_id":"'$SP'","prefixlen":12,"enable_dhcp":false}}' $NEUTRON/subnets > neutron-subnet-from-pool-prefixlen.json
c -X POST -d '{"subnet":{"network_id":"'$NET'","ip_version":4,"subnetpool_id":"'$SP'","prefixlen":4}}' $NEUTRON/subnets > neutron-subnet-from-pool-min-400.txt
c -X POST -d '{"subnet":{"network_id":"'$NET'","ip_version":4,"cidr":"10.201.0.0/24"}}' $NEUTRON/subnets > neutron-subnet-pool-affinity-400.txt
g -X PUT -d '{"prefixes":["172.16.0.0/16","192.168.0.0/16"]}' $NEUTRON/subnetpools/$SP/add_prefixes > neutron-subnetpool-add-prefixes.json
c -X PUT -d '{"prefixes":["10.0.0.0/8"]}' $NEUTRON/subnetpools/$SP/remove_prefixes > neutron-subnetpool-remove-in-use-400.txt
c -X DELETE $NEUTRON/subnetpools/$SP > neutron-subnetpool-delete-in-use-400.txt
g $NEUTRON/subnetpools/$SP > neutron-subnetpool.json
# security groups: stateless, several rules in one request (all or none)
SG=$(g -X POST -d '{"security_group":{"name":"change-sg","stateful":false}}' $NEUTRON/security-groups | jq -r .security_group.id)
PORT3=$(g -X POST -d '{"port":{"network_id":"'$NET'","port_security_enabled":true,"security_groups":["'$SG'"]}}' $NEUTRON/ports | jq -r .port.id)
c -X PUT -d '{"security_group":{"stateful":true}}' $NEUTRON/security-groups/$SG > neutron-security-group-stateful-in-use-409.txt
g -X DELETE $NEUTRON/ports/$PORT3
RULE='"security_group_id":"'$SG'","direction":"ingress","ethertype":"IPv4","protocol":"tcp","description":"Rule description"'
g -X POST -d '{"security_group_rules":[{'"$RULE"',"port_range_min":1080,"port_range_max":1090},{'"$RULE"',"port_range_min":1081,"port_range_max":1091}]}' $NEUTRON/security-group-rules > neutron-security-group-rules-bulk-201.json
c -X POST -d '{"security_group_rules":[{'"$RULE"',"port_range_min":2080,"port_range_max":2090},{"security_group_id":"'$SG'","direction":"inbound"}]}' $NEUTRON/security-group-rules > neutron-security-group-rules-bulk-400.txt
g $NEUTRON/security-groups/$SG > neutron-security-group-stateless.json
g -X DELETE $NEUTRON/security-groups/$SG

# address scopes, address groups, and the IP availabilities a member sees
g -X POST -d '{"address_scope":{"name":"change-scope","ip_version":4}}' $NEUTRON/address-scopes > neutron-address-scope-create-201.json
AS=$(jq -r .address_scope.id neutron-address-scope-create-201.json)
c -X PUT -d '{"address_scope":{"ip_version":6}}' $NEUTRON/address-scopes/$AS > neutron-address-scope-update-version-400.txt
c -X POST -d '{"address_scope":{"name":"x"}}' $NEUTRON/address-scopes > neutron-address-scope-no-version-400.txt
c -X POST -d '{"address_scope":{"name":"x","ip_version":5}}' $NEUTRON/address-scopes > neutron-address-scope-bad-version-400.txt
g -X DELETE $NEUTRON/address-scopes/$AS
g -X POST -d '{"address_group":{"name":"change-ag","description":"d","addresses":["10.0.0.1/32","192.168.0.0/24"]}}' $NEUTRON/address-groups > neutron-address-group-create-201.json
AG=$(jq -r .address_group.id neutron-address-group-create-201.json)
c -X POST -d '{"address_group":{"name":"x","addresses":["10.0.0.2"]}}' $NEUTRON/address-groups > neutron-address-group-not-cidr-400.txt
g -X PUT -d '{"address_group":{"name":"u","description":""}}' $NEUTRON/address-groups/$AG > neutron-address-group-update.json
c -X PUT -d '{"addresses":["192.168.170.0/24","10.0.0.1/32"]}' $NEUTRON/address-groups/$AG/add_addresses > neutron-address-group-add-existing-400.txt
c -X PUT -d '{"addresses":["192.168.170.0/24","1.1.1.1/32"]}' $NEUTRON/address-groups/$AG/remove_addresses > neutron-address-group-remove-absent-404.txt
c -X PUT -d '{"addresses":["x"]}' $NEUTRON/address-groups/$AG/add_addresses > neutron-address-group-add-invalid-400.txt
g -X PUT -d '{"addresses":["10.0.0.3","10.0.0.9/24"]}' $NEUTRON/address-groups/$AG/add_addresses > neutron-address-group-add.json
g -X DELETE $NEUTRON/address-groups/$AG
g $NEUTRON/network-ip-availabilities > neutron-network-ip-availabilities.json
c $NEUTRON/network-ip-availabilities/$NET > neutron-network-ip-availability-404.txt

for s in $(g "$NEUTRON/subnets?network_id=$NET" | jq -r '.subnets[].id'); do g -X DELETE $NEUTRON/subnets/$s; done
g -X DELETE $NEUTRON/subnetpools/$SP
g -X DELETE $NEUTRON/networks/$NET

# Nova's proxy of them (os-security-groups, up to 2.35)
NOVA=http://127.0.0.1:8774/v2.1
g -X POST -d '{"security_group":{"name":"proxy-sg","description":"something"}}' $NOVA/os-security-groups > nova-os-security-group-create.json
NSG=$(jq -r .security_group.id nova-os-security-group-create.json)
g -X PUT -d '{"security_group":{"name":"proxy-sg2","description":""}}' $NOVA/os-security-groups/$NSG > nova-os-security-group-update.json
g -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","from_port":80,"to_port":95,"ip_protocol":"TCP","cidr":"0.0.0.0/0"}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-create.json
c -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","from_port":80,"to_port":95,"ip_protocol":"TCP","cidr":"0.0.0.0/0"}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-duplicate-403.txt
c -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","from_port":80,"to_port":95,"ip_protocol":"bogus","cidr":"0.0.0.0/0"}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-protocol-400.txt
c -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","from_port":95,"to_port":80,"ip_protocol":"tcp","cidr":"0.0.0.0/0"}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-range-400.txt
g -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","ip_protocol":"icmp","from_port":-1,"to_port":-1}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-icmp.json
g -X POST -d '{"security_group_rule":{"parent_group_id":"'$NSG'","ip_protocol":"tcp","from_port":22,"to_port":22,"group_id":"'$NSG'"}}' $NOVA/os-security-group-rules > nova-os-security-group-rule-remote-group.json
g $NOVA/os-security-groups/$NSG > nova-os-security-group.json
g $NOVA/os-security-groups > nova-os-security-groups.json
c $NOVA/os-security-groups/$NET > nova-os-security-group-404.txt
c -X POST -d '{"security_group":{"name":"default","description":"x"}}' $NOVA/os-security-groups > nova-os-security-group-default-403.txt
c -X POST -d '{"security_group":{"name":"x"}}' $NOVA/os-security-groups > nova-os-security-group-no-description-400.txt
c -X DELETE $NOVA/os-security-groups/$DEF > nova-os-security-group-delete-default-400.txt
c -H 'OpenStack-API-Version: compute 2.36' $NOVA/os-security-groups > nova-os-security-groups-2.36-404.txt
c -X DELETE $NOVA/os-security-groups/$NSG > nova-os-security-group-delete-202.txt

# Nova: a server's instance actions (os-instance-actions)
IMG=$(g "http://127.0.0.1:9292/v2/images?name=tiny-raw" | jq -r '.images[0].id')
PRIV=$(g "$NEUTRON/networks?name=private" | jq -r '.networks[0].id')
N93=(-H 'OpenStack-API-Version: compute 2.93')
SRV=$(g "${N93[@]}" -X POST -d '{"server":{"name":"actions-vm","flavorRef":"1","imageRef":"'$IMG'","networks":[{"uuid":"'$PRIV'"}]}}' $NOVA/servers | jq -r .server.id)
wait_for $NOVA/servers/$SRV .server.status ACTIVE 90 "${N93[@]}"
g "${N93[@]}" -X POST -d '{"reboot":{"type":"HARD"}}' $NOVA/servers/$SRV/action
wait_for $NOVA/servers/$SRV .server.task_state null 90 "${N93[@]}"
g "${N93[@]}" -X POST -d '{"lock":null}' $NOVA/servers/$SRV/action
g "${N93[@]}" -X POST -d '{"unlock":null}' $NOVA/servers/$SRV/action
g "${N93[@]}" $NOVA/servers/$SRV/os-instance-actions > nova-instance-actions.json
CREATE=$(jq -r '.instanceActions[] | select(.action=="create") | .request_id' nova-instance-actions.json)
LOCK=$(jq -r '.instanceActions[] | select(.action=="lock") | .request_id' nova-instance-actions.json)
g -H 'OpenStack-API-Version: compute 2.1' $NOVA/servers/$SRV/os-instance-actions > nova-instance-actions-2.1.json
g -H 'OpenStack-API-Version: compute 2.66' "$NOVA/servers/$SRV/os-instance-actions?limit=1" > nova-instance-actions-limit1.json
g -H 'OpenStack-API-Version: compute 2.66' "$NOVA/servers/$SRV/os-instance-actions?changes-before=2020-01-01T00:00:00Z" > nova-instance-actions-changes-before.json
g "${N93[@]}" $NOVA/servers/$SRV/os-instance-actions/$CREATE > nova-instance-action-2.93.json
g "${N93[@]}" $NOVA/servers/$SRV/os-instance-actions/$LOCK > nova-instance-action-lock.json
g -H 'OpenStack-API-Version: compute 2.51' $NOVA/servers/$SRV/os-instance-actions/$CREATE > nova-instance-action-2.51.json
g -H 'OpenStack-API-Version: compute 2.1' $NOVA/servers/$SRV/os-instance-actions/$CREATE > nova-instance-action-2.1.json
c "${N93[@]}" $NOVA/servers/$SRV/os-instance-actions/req-nope > nova-instance-action-404.txt
c -H 'OpenStack-API-Version: compute 2.66' "$NOVA/servers/$SRV/os-instance-actions?limit=1&marker=req-nope" > nova-instance-actions-marker-400.txt
g -X DELETE $NOVA/servers/$SRV
