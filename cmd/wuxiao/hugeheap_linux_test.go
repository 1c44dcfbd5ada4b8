package main

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestHugeHeap: the heap grown after hugeHeap is backed by huge pages where the system
// gives them to a program that asks (transparent huge pages "madvise" or "always"): 32
// MiB allocated in pieces of 8 KiB and touched, after hugeHeap of 64 MiB, leave huge
// pages in the process (AnonHugePages of /proc/self/smaps_rollup); without the advice,
// under "madvise", none. It runs in a process of its own: the heap the package's other
// tests leave may hold the pieces, in huge pages or not.
func TestHugeHeap(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("no transparent huge pages here (%q, %v)", mode, err)
	}
	if ranInItsOwnProcess(t, "TestHugeHeap") {
		return
	}
	before := anonHuge(t)
	hugeHeap(64 << 20)
	runtime.GC() // lets the 64 MiB go, for the pieces below
	pieces := touchedPieces(32 << 20)
	after := anonHuge(t)
	runtime.KeepAlive(pieces)
	if after-before < 8<<20 {
		t.Errorf("32 MiB of heap after hugeHeap: %d KiB in huge pages (%d before)", after>>10, before>>10)
	}
}

// ranInItsOwnProcess runs test name again in a child process, where the heap is the
// test's alone, and says whether this was the parent (true: the child's verdict is
// taken, skipped or failed, and the parent has no more to do). The child, marked by
// WUXIAO_HUGEHEAP_CHILD, gets false and goes on with the test.
func ranInItsOwnProcess(t *testing.T, name string) bool {
	t.Helper()
	if os.Getenv("WUXIAO_HUGEHEAP_CHILD") != "" {
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "WUXIAO_HUGEHEAP_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "--- SKIP: "+name) {
		t.Skipf("skipped in its process:\n%s", out)
	}
	if !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("the child did not pass:\n%s", out)
	}
	return true
}

// touchedPieces is n bytes of heap in pieces of 8 KiB, each of their pages touched.
func touchedPieces(n int) [][]byte {
	pieces := make([][]byte, 0, n/(8<<10))
	for range cap(pieces) {
		p := make([]byte, 8<<10)
		for i := 0; i < len(p); i += 4096 {
			p[i] = 1
		}
		pieces = append(pieces, p)
	}
	return pieces
}

// anonHuge is the memory of this process in transparent huge pages, in bytes.
func anonHuge(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip(err)
	}
	m := regexp.MustCompile(`(?m)^AnonHugePages:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		t.Skip("no AnonHugePages in /proc/self/smaps_rollup")
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb << 10
}

// TestWantsHugeHeap: the commands that map a site's heap once in their process ask for
// huge pages; those that live on, or map little, do not.
func TestWantsHugeHeap(t *testing.T) {
	for cmd, want := range map[string]bool{"build": true, "check": true, "dupes": true, "serve": false, "desk": false, "new": false, "award": false, "": false} {
		if got := wantsHugeHeap(cmd); got != want {
			t.Errorf("wantsHugeHeap(%q) = %v, want %v", cmd, got, want)
		}
	}
}

// TestHugeHeapCoversALargeSite: the heap of a site past 10,000 results grows beyond
// the first 256 MiB, and stays on huge pages there (at 100,000 results, 1.6 GiB): 448
// MiB allocated in pieces of 8 KiB and touched after main's hugeHeap(hugeHeapBytes)
// leave at least 384 MiB of huge pages. With 256 MiB asked for, the rest of the heap
// is in pages of 4 KiB. Skipped where the machine has too little memory for main to
// ask for 448 MiB (hugeHeapSize: half of it at most).
func TestHugeHeapCoversALargeSite(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("no transparent huge pages here (%q, %v)", mode, err)
	}
	const want, grown = 384 << 20, 448 << 20
	if ram := physicalMemory(); ram/2 < grown {
		t.Skipf("%d MiB of memory here: main asks for half at most", ram>>20)
	}
	if ranInItsOwnProcess(t, "TestHugeHeapCoversALargeSite") {
		return
	}
	before := anonHuge(t)
	hugeHeap(hugeHeapBytes)
	runtime.GC()
	pieces := touchedPieces(grown)
	after := anonHuge(t)
	runtime.KeepAlive(pieces)
	if after-before < want {
		t.Errorf("%d MiB of heap after hugeHeap(%d MiB): %d MiB in huge pages (%d before)", grown>>20, hugeHeapBytes>>20, (after-before)>>20, before>>20)
	}
}

// TestHugeHeapSize: main asks for hugeHeapBytes where the machine has the memory, and
// for no more than half of it where it has not, so that the one allocation is never
// refused (a refusal ends the program).
func TestHugeHeapSize(t *testing.T) {
	for _, c := range []struct {
		ram  uint64
		want int
	}{
		{24 << 30, hugeHeapBytes},
		{4 << 30, hugeHeapBytes},
		{2 << 30, 1 << 30},
		{512 << 20, 256 << 20},
		{0, 0}, // unknown: nothing asked for
	} {
		if got := hugeHeapSize(hugeHeapBytes, c.ram); got != c.want {
			t.Errorf("hugeHeapSize(%d MiB, ram %d MiB) = %d MiB, want %d MiB", hugeHeapBytes>>20, c.ram>>20, got>>20, c.want>>20)
		}
	}
}
