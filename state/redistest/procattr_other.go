//go:build !linux

package redistest

import "syscall"

// sysProcAttr has no parent-death signal outside Linux; Cleanup still kills the server.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{}
}
