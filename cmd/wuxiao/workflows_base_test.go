package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// baseProgramDir is where the pull-request workflows check out the base branch, whose
// program judges the pull request.
const baseProgramDir = ".wuxiao-base"

// TestBaseProgramRunsAsBase holds every step that runs the base branch's program against
// a pull request to running that program and nothing of the pull request's: go run in
// .wuxiao-base with GOWORK=off (the go command looks for go.work in the parent folders,
// which are the pull request's checkout: its go.work could use .wuxiao-base and replace a
// dependency with code of its own, compiled into scope). On Gitea or Forgejo, whose
// host-mode runner keeps the secrets, the publishing job's build cache and the deploy
// key, no step of a pull_request workflow runs the pull request's own program at all.
func TestBaseProgramRunsAsBase(t *testing.T) {
	for _, forge := range []string{".github", ".gitea", ".forgejo"} {
		files, _ := filepath.Glob(filepath.Join(repoRoot, forge, "workflows", "*.yml"))
		if len(files) == 0 {
			t.Fatalf("no workflows in %s", forge)
		}
		for _, file := range files {
			wf := loadWorkflow(t, file)
			onPR := pairs(field(wf, "on"))["pull_request"] != nil
			for jobName, job := range pairs(field(wf, "jobs")) {
				where := filepath.Join(forge, "workflows", filepath.Base(file)) + " job " + jobName
				jobEnv := pairs(field(job, "env"))
				for _, step := range field(job, "steps").Content {
					run := field(step, "run")
					if run == nil || !strings.Contains(run.Value, "go run ") {
						continue
					}
					dir := ""
					if d := field(step, "working-directory"); d != nil {
						dir = d.Value
					}
					gowork := jobEnv["GOWORK"]
					if v := pairs(field(step, "env"))["GOWORK"]; v != nil {
						gowork = v
					}
					if dir == baseProgramDir && (gowork == nil || gowork.Value != "off") {
						t.Errorf("%s: runs the base program in %s without GOWORK: \"off\": a go.work in the pull request replaces its modules\n  %s", where, dir, run.Value)
					}
					if forge != ".github" && onPR && dir != baseProgramDir {
						t.Errorf("%s: runs the pull request's own program on the host-mode runner (working-directory %q, want %s)\n  %s", where, dir, baseProgramDir, run.Value)
					}
				}
			}
		}
	}
}

// TestPullRequestCannotBringItsOwnBaseProgram: a pull request that commits a folder of
// the base program's name (.wuxiao-base/cmd/wuxiao/main.go of its own) gets the base
// branch's program there all the same. Found by an attacker's review: the checkout step's
// git worktree add failed on the folder, the checks were skipped, and the steps that post
// the results (if: !cancelled()) ran the pull request's own program in it, on the
// host-mode runner, with the bot's token. Now the step removes the folder first, and those
// steps run only after the checkout succeeded.
func TestPullRequestCannotBringItsOwnBaseProgram(t *testing.T) {
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
			"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.cn", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@example.cn")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	forge := t.TempDir()
	repo := filepath.Join(forge, "yq-union", "wuxiao")
	os.MkdirAll(repo, 0o755)
	git(repo, "init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(repo, "base.txt"), []byte("the base's program\n"), 0o644)
	git(repo, "add", "-A")
	git(repo, "commit", "-q", "-m", "base")
	git(repo, "checkout", "-q", "-b", "attack")
	os.MkdirAll(filepath.Join(repo, baseProgramDir, "cmd", "wuxiao"), 0o755)
	os.WriteFile(filepath.Join(repo, baseProgramDir, "cmd", "wuxiao", "main.go"), []byte("package main\n"), 0o644)
	git(repo, "add", "-A")
	git(repo, "commit", "-q", "-m", "its own program")
	os.Rename(filepath.Join(repo, ".git"), repo+".git") // as a forge keeps it, bare
	git(repo+".git", "config", "core.bare", "true")

	steps, _ := giteaJob(t, "check.yml", "scope")
	work := t.TempDir()
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", steps[0].run)
	cmd.Dir = work
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_TOKEN=t", "GITHUB_SERVER_URL=" + forge, "GITHUB_REPOSITORY=yq-union/wuxiao", "GITHUB_REF=refs/heads/attack", "GITHUB_BASE_REF=main"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the checkout step failed on a pull request with its own %s: %v\n%s", baseProgramDir, err, out)
	}
	if _, err := os.Stat(filepath.Join(work, baseProgramDir, "cmd", "wuxiao", "main.go")); err == nil {
		t.Errorf("%s holds the pull request's program", baseProgramDir)
	}
	if data, err := os.ReadFile(filepath.Join(work, baseProgramDir, "base.txt")); err != nil || string(data) != "the base's program\n" {
		t.Errorf("%s does not hold the base branch: %q, %v", baseProgramDir, data, err)
	}
	for _, s := range steps[1:] {
		if s.dir == baseProgramDir && s.cond != "" && !strings.Contains(s.cond, checkedOut) {
			t.Errorf("step %q runs the base program after a failed checkout (if: %s)", s.name, s.cond)
		}
	}
}

// checkedOut is the condition on which a step that runs the base program may run after an
// earlier step failed: that the checkout of the base program succeeded.
const checkedOut = "steps.checkout.outcome == 'success'"
