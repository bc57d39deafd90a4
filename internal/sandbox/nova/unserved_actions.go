package nova

// novaActions are the actions Nova has that the sandbox does not serve:
// asked for, they are a 501 naming them (core.NoSuchAction), not the 400
// "There is no such action" a real cloud gives only for a word it does not
// know.
var novaActions = []string{"addFixedIp", "removeFixedIp", "addFloatingIp", "removeFloatingIp", "changePassword",
	"confirmResize", "revertResize", "resize", "createBackup", "createImage", "evacuate", "forceDelete", "injectNetworkInfo",
	"lock", "unlock", "migrate", "os-migrateLive", "os-resetState", "resetNetwork", "os-start", "os-stop", "pause", "unpause",
	"reboot", "rebuild", "rescue", "unrescue", "restore", "resume", "suspend", "shelve", "shelveOffload", "unshelve",
	"trigger_crash_dump", "os-getConsoleOutput", "os-getVNCConsole", "os-getSPICEConsole", "os-getSerialConsole",
	"os-getRDPConsole", "addSecurityGroup", "removeSecurityGroup"}
