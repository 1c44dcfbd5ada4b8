package main

import (
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
