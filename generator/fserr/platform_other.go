//go:build !windows

package fserr

// platformReasons are looked at before the POSIX errnos: none but on Windows.
var platformReasons []reason
