package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"wuxiao/generator/content"
	"wuxiao/generator/cpuclock"
	"wuxiao/generator/testtree"
)

// BenchmarkFindDuplicatesSynth10k is rule duplicate's comparison of the 10,000-result
// synthetic tree (under WUXIAO_BENCH_DIR when set): .../warm as dupes --min 0.01 makes it,
// through a fingerprint cache filled by a run before (every run after the first one on a
// machine), .../nocache without one, .../check as check and build make it (warm, at the
// years' warn ratio). It reports the processor time (user and system) a run, the measure
// on a shared machine.
func BenchmarkFindDuplicatesSynth10k(b *testing.B) {
	dir := os.Getenv("WUXIAO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	root := filepath.Join(dir, "wuxiao-synth-10000")
	testtree.Synth(b, 10000, root)
	tree, _, err := content.Load(os.DirFS(root))
	if err != nil {
		b.Fatal(err)
	}
	for _, run := range []struct {
		name     string
		warm     bool
		minRatio float64
	}{{"warm", true, 0.01}, {"nocache", false, 0.01}, {"check", true, 0}} {
		b.Run(run.name, func(b *testing.B) {
			opt := DuplicateOptions{MinRatio: run.minRatio}
			if run.warm {
				store := &memStore{files: map[string][]byte{}}
				opt.Cache = store
				if _, err := FindDuplicates(tree, opt); err != nil {
					b.Fatal(err)
				}
			}
			var pairs []DuplicatePair
			cpu0 := cpuclock.Used()
			for b.Loop() {
				pairs, err = FindDuplicates(tree, opt)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuclock.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(len(pairs)), "pairs")
		})
	}
}

// memStore is a dedup.Store in memory.
type memStore struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memStore) ReadFile(name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, nil
}

func (m *memStore) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	return nil
}
