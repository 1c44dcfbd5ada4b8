package fserr

// platformReasons are looked at before the POSIX errnos.
var platformReasons = windowsReasons
