package cinder

// The actions Cinder has that the sandbox does not serve: asked for, they
// are a 501 naming them (core.NoSuchAction), not the 400 "There is no such
// action" a real cloud gives only for a word it does not know.
var (
	cinderVolumeActions = []string{"os-attach", "os-detach", "os-begin_detaching", "os-roll_detaching", "os-initialize_connection",
		"os-terminate_connection", "os-extend", "os-reset_status", "os-force_delete", "os-force_detach", "os-migrate_volume",
		"os-migrate_volume_completion", "os-retype", "os-set_bootable", "os-reserve", "os-unreserve", "os-set_image_metadata",
		"os-unset_image_metadata", "os-show_image_metadata", "os-volume_upload_image", "os-update_readonly_flag",
		"os-reimage", "os-extend_volume_completion", "revert"}
	cinderSnapshotActions = []string{"os-force_delete", "os-reset_status", "os-update_snapshot_status", "os-unmanage"}
	cinderBackupActions   = []string{"os-force_delete", "os-reset_status"}
)
