//go:build !unix

package generator

import "io/fs"

// The type bits of a stamp's mode: no stamp is ever taken here.
const (
	modeType = 0xf000
	modeDir  = 0x4000
	modeReg  = 0x8000
)

// statStamp knows no inode here: no file is ever left in place by its stamp.
func statStamp(name string) (stamp, bool) { return stamp{}, false }

// stampsTaken says that statStamp gives none here.
const stampsTaken = false

// stampsTrusted says that no content file's stamp is taken here: every file is read.
const stampsTrusted = false

func infoStamp(info fs.FileInfo) (fileStamp, bool) { return fileStamp{}, false }
