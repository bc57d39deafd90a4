#!/usr/bin/python3
"""The lab's rating: CloudKitty's user and catalog entry in Keystone, hashmap rules (per flavor, per volume type, per floating
IP, per load balancer) set in CloudKitty, and the last RATED_HOURS complete hours rated by them
and pushed as admin through CloudKitty's v2 dataframes API.

Rated per hour, as CloudKitty's processor would: the demo project's servers,
volumes, floating IPs and load balancers (Ceilometer's meter of one,
network.services.lb.loadbalancer, which a cloud that rates load balancers adds
to CloudKitty's metrics) for the hours after they were created, and four
fixed past resources of demo (RATED_PAST) that exist only in the rated data,
so that a fresh lab has costs to show. Idempotent: the rules are found or
created, and a pushed hour overwrites itself (InfluxDB keeps one point per
tags and time)."""
import datetime
import uuid

import openstack

H = 'http://127.0.0.1'
CK = H + ':8889'
RATED_HOURS = 24
# ICU per hour (per GiB and hour for volumes): the lab's own prices, not Infomaniak's.
FLAVOR_PRICE = {'m1.tiny': '0.5', 'm1.small': '1.2'}
VOLUME_TYPE_PRICE = {'__DEFAULT__': '0.01'}
FLOATING_IP_PRICE = '0.25'
LOAD_BALANCER_PRICE = '0.8'
LB = 'network.services.lb.loadbalancer'
LAB_NS = uuid.UUID('6f1c0c1e-2b7a-4c55-9a51-0c5a1ab00001')
RATED_PAST = [  # (type, name, qty, metadata): resources of demo deleted before the lab started
    ('instance', 'oslab-rated-server', '1', {'flavor_name': 'm1.small', 'vcpus': '1'}),
    ('volume.size', 'oslab-rated-volume', '10', {'volume_type': '__DEFAULT__'}),
    ('ip.floating', 'oslab-rated-ip', '1', {'state': '1'}),
    (LB, 'oslab-rated-lb', '1', {}),
]
UNIT = {'instance': 'instance', 'volume.size': 'GiB', 'ip.floating': 'ip', LB: 'loadbalancer'}


def conn():
    return openstack.connect(auth_url=H + ':5000/v3', username='admin', password='secret',
                             project_name='admin', user_domain_name='Default',
                             project_domain_name='Default', region_name='RegionOne',
                             identity_api_version='3')


class Hashmap:
    """find-or-create over CloudKitty's hashmap API"""
    def __init__(self, sess):
        self.s = sess
        self.url = CK + '/v1/rating/module_config/hashmap'

    def get(self, path, **params):
        r = self.s.get(self.url + path, params=params)
        r.raise_for_status()
        return r.json()

    def post(self, path, body):
        r = self.s.post(self.url + path, json=body)
        r.raise_for_status()
        return r.json()

    def service(self, name):
        for s in self.get('/services')['services']:
            if s['name'] == name:
                return s['service_id']
        return self.post('/services', {'name': name})['service_id']

    def field(self, service_id, name):
        for f in self.get('/fields', service_id=service_id)['fields']:
            if f['name'] == name:
                return f['field_id']
        return self.post('/fields', {'service_id': service_id, 'name': name})['field_id']

    def mapping(self, cost, field_id=None, service_id=None, value=None):
        q = {'field_id': field_id} if field_id else {'service_id': service_id}
        for m in self.get('/mappings', **q)['mappings']:
            if m.get('value') == value:
                if float(m['cost']) != float(cost):
                    self.s.put(self.url + '/mappings/' + m['mapping_id'],
                               json=dict(m, cost=cost)).raise_for_status()
                return
        body = dict(q, cost=cost, type='flat')
        if value is not None:
            body['value'] = value
        self.post('/mappings', body)


def identity(c):
    """the cloudkitty service user (admin in project service) and `rating` in the catalog"""
    idn = c.identity
    dom = idn.find_domain('default')
    service_p = idn.find_project('service', domain_id=dom.id)
    user = idn.find_user('cloudkitty', domain_id=dom.id) or idn.create_user(
        name='cloudkitty', password='secret', domain_id=dom.id, default_project_id=service_p.id)
    idn.assign_project_role_to_user(service_p, user, idn.find_role('admin'))
    svc = next((s for s in idn.services() if s.type == 'rating'), None) or \
        idn.create_service(name='cloudkitty', type='rating')
    have = {e.interface for e in idn.endpoints(service_id=svc.id, region_id='RegionOne')}
    for interface in {'public', 'internal', 'admin'} - have:
        idn.create_endpoint(service_id=svc.id, interface=interface, url=CK, region_id='RegionOne')


def rules(sess):
    r = sess.put(CK + '/v1/rating/modules/hashmap', json={'module_id': 'hashmap', 'enabled': True})
    if r.status_code not in (200, 302):
        r.raise_for_status()
    hm = Hashmap(sess)
    flavor = hm.field(hm.service('instance'), 'flavor_name')
    for name, cost in FLAVOR_PRICE.items():
        hm.mapping(cost, field_id=flavor, value=name)
    vtype = hm.field(hm.service('volume.size'), 'volume_type')
    for name, cost in VOLUME_TYPE_PRICE.items():
        hm.mapping(cost, field_id=vtype, value=name)
    hm.mapping(FLOATING_IP_PRICE, service_id=hm.service('ip.floating'))
    hm.mapping(LOAD_BALANCER_PRICE, service_id=hm.service(LB))


def price(kind, qty, meta):
    """what the hashmap rules above give one hour of a resource (flat mappings only)"""
    if kind == 'instance':
        flat = FLAVOR_PRICE.get(meta.get('flavor_name'), '0')
    elif kind == 'volume.size':
        flat = VOLUME_TYPE_PRICE.get(meta.get('volume_type'), '0')
    elif kind == LB:
        flat = LOAD_BALANCER_PRICE
    else:
        flat = FLOATING_IP_PRICE
    return str(round(float(flat) * float(qty), 6))


def created(s):
    t = datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def usage(c, demo):
    """(type, id, qty, metadata, created_at or None) of what demo runs, and the fixed past ones"""
    out = [(k, str(uuid.uuid5(LAB_NS, n)), q, m, None) for k, n, q, m in RATED_PAST]
    for s in c.compute.servers(all_projects=True, project_id=demo.id):
        out.append(('instance', s.id, '1', {'flavor_name': s.flavor.get('original_name') or s.flavor.get('name', ''),
                                            'vcpus': str(s.flavor.get('vcpus', ''))}, created(s.created_at)))
    for v in c.block_storage.volumes(all_projects=True, project_id=demo.id):
        out.append(('volume.size', v.id, str(v.size), {'volume_type': v.volume_type or ''}, created(v.created_at)))
    for f in c.network.ips(project_id=demo.id):
        out.append(('ip.floating', f.id, '1', {'state': '1'}, created(f.created_at)))
    if c.has_service('load-balancer'):
        for lb in c.load_balancer.load_balancers(project_id=demo.id):
            out.append((LB, lb.id, '1', {}, created(lb.created_at)))
    return out


def push(sess, demo, resources):
    now = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
    frames = []
    for h in range(RATED_HOURS, 0, -1):
        begin, end = now - datetime.timedelta(hours=h), now - datetime.timedelta(hours=h - 1)
        usage = {}
        for kind, rid, qty, meta, since in resources:
            if since and since > begin:
                continue
            usage.setdefault(kind, []).append({
                'vol': {'unit': UNIT[kind], 'qty': qty},
                'rating': {'price': price(kind, qty, meta)},
                'groupby': {'id': rid, 'project_id': demo.id, 'user_id': ''},
                'metadata': meta,
            })
        if usage:
            frames.append({'period': {'begin': begin.isoformat(), 'end': end.isoformat()}, 'usage': usage})
    r = sess.post(CK + '/v2/dataframes', json={'dataframes': frames})
    r.raise_for_status()
    return len(frames), sum(len(p) for f in frames for p in f['usage'].values())


def main():
    c = conn()
    sess = c.session   # keystoneauth's, with admin's token: plain URLs reach CloudKitty directly
    identity(c)
    rules(sess)
    demo = c.identity.find_project('demo', domain_id='default')
    hours, points = push(sess, demo, usage(c, demo))
    print(f'cloudkitty: hashmap rules set; {hours} rated hours ({points} points) pushed for project demo')


if __name__ == '__main__':
    main()
