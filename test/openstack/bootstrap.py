#!/usr/bin/python3
"""Idempotent bootstrap for the mcp-infomaniak OpenStack lab (openstacksdk from Debian).
   bootstrap.py identity   -> service project, users, roles, services, endpoints,
                              demo's application credential
   bootstrap.py resources  -> flavors, tiny image, shared network + subnet,
                              demo's volume quota, admin-openrc, clouds.yaml
   bootstrap.py service NAME TYPE URL
                           -> a service a script of services/ adds: its user, its
                              catalog entry, and demo's roles and credential again"""
import json
import os
import sys

import openstack

PW = 'secret'
H = 'http://127.0.0.1'
AUTH_URL = H + ':5000/v3'
OSLAB = os.environ['OSLAB']
CATALOG = [  # (name, type, url)
    ('nova', 'compute', H + ':8774/v2.1'),
    ('glance', 'image', H + ':9292'),
    ('cinderv3', 'volumev3', H + ':8776/v3/%(project_id)s'),
    ('cinder', 'block-storage', H + ':8776/v3/%(project_id)s'),
    ('neutron', 'network', H + ':9696'),
    ('placement', 'placement', H + ':8778'),
]
SERVICE_USERS = ['nova', 'glance', 'cinder', 'neutron', 'placement']
# demo's roles on project demo, as an Infomaniak user has them: member, and the
# role Octavia's policy asks of whoever manages load balancers. Its application
# credential carries the roles demo had when it was made, so it is made again
# when it lacks one of these.
DEMO_ROLES = ['member', 'load-balancer_member']
APPCRED_NAME = 'oslab-demo'
APPCRED_FILE = os.path.join(OSLAB, 'run', 'appcred.json')   # the secret is shown only once
# demo's volume quota must allow at least this much (cinder's defaults: 10/10/10/1000/1000)
VOLUME_QUOTA = {'volumes': 50, 'snapshots': 50, 'backups': 50, 'gigabytes': 1000,
                'backup_gigabytes': 1000}

CLOUDS_YAML = """\
# written by test/openstack/up.sh (bootstrap.py): the mcp-infomaniak OpenStack lab
clouds:
  lab:
    auth_type: password
    auth:
      auth_url: {url}
      username: demo
      password: {pw}
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: "3"
  lab-appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: {url}
      application_credential_id: {id}
      application_credential_secret: {secret}
    region_name: RegionOne
    identity_api_version: "3"
"""


def conn(user='admin', project='admin'):
    return openstack.connect(auth_url=AUTH_URL, username=user, password=PW,
                             project_name=project, user_domain_name='Default',
                             project_domain_name='Default', region_name='RegionOne',
                             identity_api_version='3')


def identity(c):
    idn = c.identity
    dom = idn.find_domain('default')
    def project(name):
        return idn.find_project(name, domain_id=dom.id) or idn.create_project(name=name, domain_id=dom.id)
    def role(name):
        return idn.find_role(name) or idn.create_role(name=name)
    def user(name, proj):
        return idn.find_user(name, domain_id=dom.id) or idn.create_user(
            name=name, password=PW, domain_id=dom.id, default_project_id=proj.id)
    service_p, demo_p = project('service'), project('demo')
    r_admin, r_service = role('admin'), role('service')
    for u in SERVICE_USERS:
        usr = user(u, service_p)
        for r in (r_admin, r_service):
            idn.assign_project_role_to_user(service_p, usr, r)
    demo = user('demo', demo_p)
    for r in DEMO_ROLES:
        idn.assign_project_role_to_user(demo_p, demo, role(r))
    for name, stype, url in CATALOG:
        catalog_entry(idn, name, stype, url)
    application_credential()
    print('identity bootstrap ok')


def catalog_entry(idn, name, stype, url):
    svc = next((s for s in idn.services() if s.type == stype), None) or \
        idn.create_service(name=name, type=stype, is_enabled=True)
    have = {e.interface for e in idn.endpoints(service_id=svc.id)}
    for iface in ('public', 'internal', 'admin'):
        if iface not in have:
            idn.create_endpoint(service_id=svc.id, interface=iface, url=url,
                                region_id='RegionOne')


def service(c, name, stype, url):
    """A service of services/: its user in project service (admin and service,
    as the others), its catalog entry; identity() again gives demo the roles
    the service's policy asks for, and a credential that carries them."""
    idn = c.identity
    dom = idn.find_domain('default')
    service_p = idn.find_project('service', domain_id=dom.id)
    usr = idn.find_user(name, domain_id=dom.id) or idn.create_user(
        name=name, password=PW, domain_id=dom.id, default_project_id=service_p.id)
    for r in ('admin', 'service'):
        idn.assign_project_role_to_user(service_p, usr, idn.find_role(r))
    catalog_entry(idn, name, stype, url)
    identity(c)
    clouds_yaml()
    print('service', name, stype, url, 'ok')


def appcred_works(cred):
    try:
        c = openstack.connect(auth_type='v3applicationcredential', region_name='RegionOne',
                              identity_api_version='3',
                              auth={'auth_url': AUTH_URL,
                                    'application_credential_id': cred['id'],
                                    'application_credential_secret': cred['secret']})
        c.authorize()
        lacking = set(DEMO_ROLES) - set(c.session.auth.get_access(c.session).role_names)
        if lacking:
            print('saved application credential lacks the roles %s: making a new one' % sorted(lacking))
            return False
        return True
    except Exception as e:  # any failure means: make a new one
        print('saved application credential unusable (%s): making a new one' % type(e).__name__)
        return False


def application_credential():
    """demo's application credential (project demo, demo's roles), kept in run/appcred.json."""
    if os.path.exists(APPCRED_FILE):
        with open(APPCRED_FILE) as f:
            cred = json.load(f)
        if appcred_works(cred):
            return cred
    d = conn('demo', 'demo')   # users create their own application credentials
    idn, uid = d.identity, d.current_user_id
    for old in idn.application_credentials(uid):
        if old.name == APPCRED_NAME:
            idn.delete_application_credential(uid, old.id)
    ac = idn.create_application_credential(
        uid, name=APPCRED_NAME, description='mcp-infomaniak test lab (test/openstack/up.sh)',
        unrestricted=False)
    cred = {'id': ac.id, 'secret': ac.secret, 'user_id': uid, 'name': APPCRED_NAME}
    os.makedirs(os.path.dirname(APPCRED_FILE), exist_ok=True)
    with open(os.open(APPCRED_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
        json.dump(cred, f)
    print('application credential', ac.id)
    return cred


def volume_quota(c):
    demo = c.identity.find_project('demo', domain_id=c.identity.find_domain('default').id)
    have = c.get_volume_quotas(demo.id)
    low = {k: v for k, v in VOLUME_QUOTA.items() if 0 <= int(have.get(k, 0)) < v}
    if low:
        c.set_volume_quotas(demo.id, **low)
        print('demo volume quota raised:', low)
    have = c.get_volume_quotas(demo.id)
    print('demo volume quota:', {k: have.get(k) for k in VOLUME_QUOTA})


def floating_network(c):
    """What floating IPs need, laid out as on Infomaniak: the admin's external
    network ext-floating1 (the pool), and demo's own network demo-net whose
    subnet demo's router demo-router connects to it. No L3 agent runs: Neutron
    associates floating IPs in its database, statuses stay DOWN."""
    ext = c.network.find_network('ext-floating1')
    if not ext:
        ext = c.network.create_network(name='ext-floating1', is_router_external=True,
                                       provider_network_type='flat',
                                       provider_physical_network='physnet1')
    if not c.network.find_subnet('ext-floating1-subnet'):
        c.network.create_subnet(name='ext-floating1-subnet', network_id=ext.id, ip_version=4,
                                cidr='198.51.100.0/24', enable_dhcp=False)
    d = conn('demo', 'demo')   # demo owns its network and router, as a customer does
    net = d.network.find_network('demo-net')
    if not net:
        net = d.network.create_network(name='demo-net')
    sub = d.network.find_subnet('demo-subnet')
    if not sub:
        sub = d.network.create_subnet(name='demo-subnet', network_id=net.id, ip_version=4,
                                      cidr='10.0.0.0/24', enable_dhcp=False)
    rt = d.network.find_router('demo-router')
    if not rt:
        rt = d.network.create_router(name='demo-router', external_gateway_info={'network_id': ext.id})
    if not any(p.device_id == rt.id for p in d.network.ports(network_id=net.id)):
        d.network.add_interface_to_router(rt, subnet_id=sub.id)
    print('floating IPs: ext-floating1', ext.id, '<- demo-router', rt.id, '<- demo-subnet', sub.id)


def clouds_yaml():
    cred = application_credential()
    path = os.path.join(OSLAB, 'clouds.yaml')
    with open(path + '.tmp', 'w') as f:
        f.write(CLOUDS_YAML.format(url=AUTH_URL, pw=PW, id=cred['id'], secret=cred['secret']))
    os.replace(path + '.tmp', path)
    print('clouds.yaml written:', path)


def resources(c):
    for name, ram, vcpus, disk, fid in (('m1.tiny', 512, 1, 1, '1'), ('m1.small', 2048, 1, 20, '2')):
        if not c.compute.find_flavor(name):
            c.compute.create_flavor(name=name, ram=ram, vcpus=vcpus, disk=disk, id=fid)
    if not c.image.find_image('tiny-raw'):
        path = os.path.join(OSLAB, 'data', 'tiny.raw')
        with open(path, 'wb') as f:
            f.write(b'\0' * (1 << 20))
        img = c.image.create_image(name='tiny-raw', filename=path, disk_format='raw',
                                   container_format='bare', visibility='public', wait=True)
        print('image', img.id)
    net = c.network.find_network('private')
    if not net:
        net = c.network.create_network(name='private', is_shared=True)
    if not c.network.find_subnet('private-subnet'):
        # documentation prefix: these addresses live only in neutron's DB
        c.network.create_subnet(name='private-subnet', network_id=net.id, ip_version=4,
                                cidr='192.0.2.0/24', enable_dhcp=False)
    floating_network(c)
    volume_quota(c)
    with open(os.path.join(OSLAB, 'admin-openrc'), 'w') as f:
        f.write('export OS_AUTH_URL=%s:5000/v3\nexport OS_USERNAME=admin\n'
                'export OS_PASSWORD=%s\nexport OS_PROJECT_NAME=admin\n'
                'export OS_USER_DOMAIN_NAME=Default\nexport OS_PROJECT_DOMAIN_NAME=Default\n'
                'export OS_REGION_NAME=RegionOne\nexport OS_IDENTITY_API_VERSION=3\n' % (H, PW))
    clouds_yaml()
    print('resources ok')


if __name__ == '__main__':
    {'identity': identity, 'resources': resources, 'service': service}[sys.argv[1]](conn(), *sys.argv[2:])
