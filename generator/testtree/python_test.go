package testtree

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// TestPythonIsTheInterpreter: Python names the interpreter itself, not a launcher in
// front of it. pyenv's shim for python3 is a bash script that runs some ten processes
// (pyenv, its version and hook scripts) before Python: 0.47 s of processor time a call
// against 0.11 s for the interpreter it runs (perf stat, 5 runs each, this CI machine),
// for each of the suite's synthetic trees.
func TestPythonIsTheInterpreter(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 on PATH")
	}
	py, err := Python()
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 2)
	f, err := os.Open(py)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Read(head)
	if bytes.Equal(head, []byte("#!")) {
		t.Errorf("Python() = %s, a script in front of the interpreter", py)
	}
	out, err := exec.Command(py, "-c", "print(6*7)").Output()
	if err != nil || string(bytes.TrimSpace(out)) != "42" {
		t.Errorf("%s does not run Python: %q, %v", py, out, err)
	}
	if again, _ := Python(); again != py {
		t.Errorf("Python() = %s, then %s", py, again)
	}
}
