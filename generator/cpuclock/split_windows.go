//go:build windows

package cpuclock

import (
	"time"

	"golang.org/x/sys/windows"
)

func split() (user, sys time.Duration) {
	var created, exited, kernel, usr windows.Filetime
	if windows.GetProcessTimes(windows.CurrentProcess(), &created, &exited, &kernel, &usr) != nil {
		return 0, 0
	}
	return filetime(usr), filetime(kernel)
}

// filetime is a span in a FILETIME's units, 100 ns.
func filetime(f windows.Filetime) time.Duration {
	return time.Duration(uint64(f.HighDateTime)<<32|uint64(f.LowDateTime)) * 100
}
