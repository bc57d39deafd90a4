"""The lab's compute driver: Nova's fake driver, with a disk to upload.

The fake driver keeps no disk, so its snapshot() leaves the image Nova made
for createImage queued forever. This driver uploads what libvirt would: the
server's image bits (the lab's images are a few MiB), with libvirt's task
states and metadata, so the image goes queued -> saving -> active through
Glance's real API, and a server can boot from it.
"""
import io

from nova.compute import task_states
from nova import exception
from nova.image import glance
from nova.virt import fake


class UploadingFakeDriver(fake.FakeDriver):

    def snapshot(self, context, instance, image_id, update_task_state):
        if instance.uuid not in self.instances:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        api = glance.API()
        disk = b'\0' * (1 << 20)
        if instance.image_ref:
            buf = io.BytesIO()
            api.download(context, instance.image_ref, data=buf)
            disk = buf.getvalue()
        # As libvirt's _create_snapshot_metadata: the lab's disks are raw.
        metadata = {'status': 'active', 'disk_format': 'raw', 'container_format': 'bare',
                    'properties': {'image_location': 'snapshot', 'image_state': 'available',
                                   'owner_id': instance.project_id}}
        api.update(context, image_id, metadata, io.BytesIO(disk), purge_props=False)
