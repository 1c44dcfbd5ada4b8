package testtree

import (
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Python returns the python3 interpreter's own path, found once a process: python3 on
// PATH may be a launcher (pyenv's shim, a bash script that runs some ten processes
// before Python), and a test binary that runs Python several times pays for it once.
func Python() (string, error) { return python() }

var python = sync.OnceValues(func() (string, error) {
	launcher, err := exec.LookPath("python3")
	if err != nil {
		return "", err
	}
	// A Python that cannot say where it is, or names no file, runs as PATH has it (and
	// fails there with its own message, if it fails).
	out, err := exec.Command(launcher, "-c", "import sys; print(sys.executable)").Output()
	self := strings.TrimSpace(string(out))
	if err != nil || self == "" {
		return launcher, nil
	}
	if info, err := os.Stat(self); err != nil || info.IsDir() {
		return launcher, nil
	}
	return self, nil
})
