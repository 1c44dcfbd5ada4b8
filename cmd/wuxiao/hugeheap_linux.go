package main

import (
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// hugeHeap asks Linux to back the next n bytes (no more than half the machine's memory,
// hugeHeapSize) of the heap the runtime maps with huge
// pages (2 MiB) rather than pages of 4 KiB, where transparent huge pages are enabled
// for the memory a program asks them for (…/transparent_hugepage/enabled "madvise",
// many distributions' default): it maps them at once, as one allocation of n bytes
// never touched, advises them (MADV_HUGEPAGE) and lets them go, so that the heap grows
// into them. Each build, check or dupes maps its heap afresh, a page at a time: a cached rebuild
// at 10,000 results took some 58,000 page faults for its 250 MB, on a virtual machine
// 10-20 µs each, about half its processor time; with huge pages, a few hundred. The
// advice is a hint: where the system has none to give, or huge pages are off, nothing
// changes.
func hugeHeap(n int) {
	if n = hugeHeapSize(n, physicalMemory()); n == 0 {
		return
	}
	b := make([]byte, n) // fresh from the system: not cleared, so not touched
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
}

// hugeHeapSize is how much of n bytes hugeHeap asks for on a machine with ram bytes of
// memory (0 for unknown): no more than half of it, for the allocation is of address
// space only, but a system may refuse one larger than its memory, and a refusal ends
// the program. Where addresses have 32 bits, 256 MiB at most.
func hugeHeapSize(n int, ram uint64) int {
	if strconv.IntSize == 32 {
		n = min(n, 256<<20)
	}
	return int(min(uint64(n), ram/2))
}

// physicalMemory is the machine's memory in bytes, 0 if unknown.
func physicalMemory() uint64 {
	var si unix.Sysinfo_t
	if unix.Sysinfo(&si) != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
