package sandbox

// The actions Nova and Cinder have that the sandbox does not serve: asked
// for, they are a 501 naming them, not the 400 "There is no such action" a
// real cloud gives only for a word it does not know.
var (
	novaActions = []string{"addFixedIp", "removeFixedIp", "addFloatingIp", "removeFloatingIp", "changePassword",
		"confirmResize", "revertResize", "resize", "createBackup", "createImage", "evacuate", "forceDelete", "injectNetworkInfo",
		"lock", "unlock", "migrate", "os-migrateLive", "os-resetState", "resetNetwork", "os-start", "os-stop", "pause", "unpause",
		"reboot", "rebuild", "rescue", "unrescue", "restore", "resume", "suspend", "shelve", "shelveOffload", "unshelve",
		"trigger_crash_dump", "os-getConsoleOutput", "os-getVNCConsole", "os-getSPICEConsole", "os-getSerialConsole",
		"os-getRDPConsole", "addSecurityGroup", "removeSecurityGroup"}
	cinderVolumeActions = []string{"os-attach", "os-detach", "os-begin_detaching", "os-roll_detaching", "os-initialize_connection",
		"os-terminate_connection", "os-extend", "os-reset_status", "os-force_delete", "os-force_detach", "os-migrate_volume",
		"os-migrate_volume_completion", "os-retype", "os-set_bootable", "os-reserve", "os-unreserve", "os-set_image_metadata",
		"os-unset_image_metadata", "os-show_image_metadata", "os-volume_upload_image", "os-update_readonly_flag",
		"os-reimage", "os-extend_volume_completion", "revert"}
	cinderSnapshotActions = []string{"os-force_delete", "os-reset_status", "os-update_snapshot_status", "os-unmanage"}
	cinderBackupActions   = []string{"os-force_delete", "os-reset_status"}
)
