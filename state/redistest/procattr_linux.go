package redistest

import "syscall"

// sysProcAttr asks the kernel to kill redis-server when the test binary dies, because a
// test timeout panics past every Cleanup and would otherwise leave the server running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
