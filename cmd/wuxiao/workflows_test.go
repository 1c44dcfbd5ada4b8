package main

import (
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var (
	pinnedUse     = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}$`)
	versionRemark = regexp.MustCompile(`^# v[0-9]+\.[0-9]+\.[0-9]+$`)
)

// field returns the value of key in a mapping node, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pairs returns a mapping node's keys and values.
func pairs(n *yaml.Node) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = n.Content[i+1]
		}
	}
	return m
}

func loadWorkflow(t *testing.T, file string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("%s: not a mapping", file)
	}
	return doc.Content[0]
}

// TestWorkflows parses every workflow and holds it to the house rules: actions pinned
// to a full commit SHA with a version remark, permissions declared at the top and
// read-only there, write permissions only in the job whose step needs them, no
// credentials left in checkouts, and run: lines exactly the commands in ciCommands.
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if !slices.Contains(names, "check.yml") || !slices.Contains(names, "pages.yml") {
		t.Fatalf("workflows = %v, want check.yml and pages.yml", names)
	}
	var runs []string
	for _, file := range files {
		name := filepath.Base(file)
		wf := loadWorkflow(t, file)
		on := pairs(field(wf, "on"))
		if on["pull_request_target"] != nil {
			t.Errorf("%s: runs with the base repository's token on untrusted code", name)
		}
		if on["workflow_run"] != nil {
			trustedFollowUp(t, name, wf)
		}
		top := pairs(field(wf, "permissions"))
		if len(top) != 1 || top["contents"] == nil || top["contents"].Value != "read" {
			t.Errorf("%s: top-level permissions must be exactly contents: read", name)
		}
		jobs := pairs(field(wf, "jobs"))
		if len(jobs) == 0 {
			t.Errorf("%s: no jobs", name)
		}
		for _, jobName := range slices.Sorted(maps.Keys(jobs)) {
			job := jobs[jobName]
			where := name + " job " + jobName
			var uses []string
			for _, step := range field(job, "steps").Content {
				if u := field(step, "uses"); u != nil {
					uses = append(uses, strings.SplitN(u.Value, "@", 2)[0])
					if !pinnedUse.MatchString(u.Value) {
						t.Errorf("%s: %q is not pinned to a 40-hex commit SHA", where, u.Value)
					}
					if !versionRemark.MatchString(u.LineComment) {
						t.Errorf("%s: %q lacks a version remark like # v1.2.3 (got %q)", where, u.Value, u.LineComment)
					}
					if strings.HasPrefix(u.Value, "actions/checkout@") {
						if pc := field(field(step, "with"), "persist-credentials"); pc == nil || pc.Value != "false" {
							t.Errorf("%s: checkout must set persist-credentials: false", where)
						}
					}
					if strings.HasPrefix(u.Value, "actions/setup-go@") && field(field(step, "with"), "go-version-file") == nil {
						t.Errorf("%s: setup-go must take the version from go.mod (go-version-file)", where)
					}
				}
				if r := field(step, "run"); r != nil {
					runs = append(runs, strings.TrimSpace(r.Value))
				}
			}
			runsCode := false // a job that checks out the pull request runs its code (go run, go.mod's toolchain)
			for _, step := range field(job, "steps").Content {
				if u := field(step, "uses"); u != nil && strings.HasPrefix(u.Value, "actions/checkout@") || field(step, "run") != nil {
					runsCode = true
				}
			}
			for perm, level := range pairs(field(job, "permissions")) {
				if level.Value != "write" {
					continue
				}
				if runsCode && on["pull_request"] != nil {
					t.Errorf("%s: holds %s: write while running the pull request's code; post results from a workflow_run job", where, perm)
				}
				needs := map[string]string{"pull-requests": "actions/github-script", "pages": "actions/deploy-pages", "id-token": "actions/deploy-pages"}[perm]
				if needs == "" || !slices.Contains(uses, needs) {
					t.Errorf("%s: %s: write is not needed by any of its steps %v", where, perm, uses)
				}
			}
		}
	}
	var want []string
	for _, c := range ciCommands {
		want = append(want, c)
	}
	slices.Sort(runs)
	slices.Sort(want)
	if !slices.Equal(runs, want) {
		t.Errorf("run: lines of the workflows\n  %s\nare not the commands the tests run\n  %s", strings.Join(runs, "\n  "), strings.Join(want, "\n  "))
	}
}

// trustedFollowUp holds a workflow_run workflow, which runs with the base repository's
// token after an untrusted run, to reading that run's artifacts as data: it checks out
// nothing, runs no command, uses only the artifact download and github-script, takes the
// artifact from the triggering run, and follows a workflow that exists.
func trustedFollowUp(t *testing.T, name string, wf *yaml.Node) {
	t.Helper()
	for _, w := range field(field(field(wf, "on"), "workflow_run"), "workflows").Content {
		found := false
		files, _ := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.y*ml"))
		for _, f := range files {
			if n := field(loadWorkflow(t, f), "name"); n != nil && n.Value == w.Value {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: follows workflow %q, which does not exist", name, w.Value)
		}
	}
	for jobName, job := range pairs(field(wf, "jobs")) {
		for _, step := range field(job, "steps").Content {
			if field(step, "run") != nil {
				t.Errorf("%s job %s: runs a command after an untrusted run", name, jobName)
			}
			u := field(step, "uses")
			if u == nil {
				continue
			}
			action := strings.SplitN(u.Value, "@", 2)[0]
			switch action {
			case "actions/download-artifact":
				if id := field(field(step, "with"), "run-id"); id == nil || id.Value != "${{ github.event.workflow_run.id }}" {
					t.Errorf("%s job %s: the artifact must come from the triggering run", name, jobName)
				}
			case "actions/github-script":
			default:
				t.Errorf("%s job %s: uses %s after an untrusted run", name, jobName, action)
			}
		}
	}
}

// TestPagesSplit: the pull request's page list is computed by a read-only job that runs
// its code, and posted by a workflow_run job that runs none.
func TestPagesSplit(t *testing.T) {
	dir := filepath.Join("..", "..", ".github", "workflows")
	check := pairs(field(loadWorkflow(t, filepath.Join(dir, "check.yml")), "jobs"))["pages"]
	if check == nil {
		t.Fatal("check.yml has no pages job")
	}
	for perm, level := range pairs(field(check, "permissions")) {
		if level.Value != "read" {
			t.Errorf("check.yml job pages: %s: %s, want read only", perm, level.Value)
		}
	}
	uploads := false
	for _, step := range field(check, "steps").Content {
		if u := field(step, "uses"); u != nil && strings.HasPrefix(u.Value, "actions/upload-artifact@") {
			uploads = field(field(step, "with"), "name").Value == "pages"
		}
	}
	if !uploads {
		t.Error("check.yml job pages does not upload the artifact pages")
	}
	post := loadWorkflow(t, filepath.Join(dir, "pages-comment.yml"))
	if on := pairs(field(post, "on")); on["workflow_run"] == nil || len(on) != 1 {
		t.Error("pages-comment.yml must run on workflow_run only")
	}
	job := pairs(field(post, "jobs"))["comment"]
	if p := pairs(field(job, "permissions")); p["pull-requests"] == nil || p["pull-requests"].Value != "write" {
		t.Error("pages-comment.yml job comment needs pull-requests: write")
	}
	data, _ := os.ReadFile(filepath.Join(dir, "pages-comment.yml"))
	if !strings.Contains(string(data), "head_sha") {
		t.Error("pages-comment.yml must find the pull request by the checked commit, not by anything in the artifact")
	}
}

// TestBuildCommand runs the publishing workflow's build on a clean tree, once the build command exists.
func TestBuildCommand(t *testing.T) {
	if _, ok := commands()["build"]; !ok {
		t.Skip("wuxiao build is not registered yet")
	}
	clean := map[string]string{}
	for p, data := range baseFiles {
		if !strings.Contains(p, "/submissions/") && !strings.Contains(p, "/attachments/") {
			clean[p] = data
		}
	}
	r := newTestRepo(t, clean)
	t.Chdir(r.dir)
	env := map[string]string{"RUNNER_TEMP": t.TempDir()} // actions/cache keeps $RUNNER_TEMP/wuxiao-cache between runs
	if res := runCI(t, ciCommands["build"], env); res.code != ExitOK {
		t.Fatalf("build: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "public", "index.html")); err != nil {
		t.Errorf("build left no public/index.html: %v", err)
	}
	checkCacheKept(t, r.dir, filepath.Join(env["RUNNER_TEMP"], "wuxiao-cache"), func() ciResult { return runCI(t, ciCommands["build"], env) })
}

// checkCacheKept: after a workflow's build, its cache folder holds entries, and the next
// run, on a fresh checkout (no public/), builds through it the same site.
func checkCacheKept(t *testing.T, dir, cache string, build func() ciResult) {
	t.Helper()
	entries := 0
	filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries++
		}
		return nil
	})
	if entries < 10 {
		t.Fatalf("the build kept %d entries in %s", entries, cache)
	}
	first := tree(t, filepath.Join(dir, "public"))
	if err := os.RemoveAll(filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	if res := build(); res.code != ExitOK {
		t.Fatalf("build through the cache: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if tree(t, filepath.Join(dir, "public")) != first {
		t.Error("the build through the kept cache made another site")
	}
}

// TestTemplates checks the pull-request templates (one per kind of change) and the
// objection issue form: they exist, the form is a valid issue form, and every
// wuxiao command they mention exists.
func TestTemplates(t *testing.T) {
	gh := filepath.Join("..", "..", ".github")
	var texts []string
	for _, name := range []string{"new-submission.md", "commendation.md", "reviews.md", "results-notice.md", "results-final.md", "correction.md"} {
		data, err := os.ReadFile(filepath.Join(gh, "PULL_REQUEST_TEMPLATE", name))
		if err != nil {
			t.Errorf("pull-request template %s: %v", name, err)
			continue
		}
		texts = append(texts, string(data))
	}
	form := loadWorkflow(t, filepath.Join(gh, "ISSUE_TEMPLATE", "objection.yml"))
	for _, key := range []string{"name", "description", "body"} {
		if field(form, key) == nil {
			t.Errorf("objection.yml lacks %s", key)
		}
	}
	if l := field(form, "labels"); l == nil || len(l.Content) != 1 || l.Content[0].Value != "异议" {
		t.Errorf("objection.yml must carry the label 异议")
	}
	ids := map[string]bool{}
	required := 0
	for _, item := range field(form, "body").Content {
		typ := field(item, "type")
		if typ == nil || !slices.Contains([]string{"markdown", "input", "textarea", "dropdown", "checkboxes"}, typ.Value) {
			t.Errorf("objection.yml: body item at line %d has no valid type", item.Line)
			continue
		}
		if typ.Value == "markdown" {
			texts = append(texts, field(field(item, "attributes"), "value").Value)
			continue
		}
		id := field(item, "id")
		if id == nil || ids[id.Value] {
			t.Errorf("objection.yml: body item at line %d needs a unique id", item.Line)
		} else {
			ids[id.Value] = true
		}
		if field(field(item, "attributes"), "label") == nil {
			t.Errorf("objection.yml: body item %s has no label", id.Value)
		}
		if r := field(field(item, "validations"), "required"); r != nil && r.Value == "true" {
			required++
		}
	}
	if required < 3 {
		t.Errorf("objection.yml: only %d required fields", required)
	}
	mention := regexp.MustCompile(`go run \./cmd/wuxiao ([a-z]+)`)
	for _, text := range texts {
		for _, m := range mention.FindAllStringSubmatch(text, -1) {
			if _, ok := commands()[m[1]]; !ok {
				t.Errorf("a template mentions wuxiao %s, which does not exist", m[1])
			}
		}
	}
}

// repoRoot is this repository, found before any test changes directory.
var repoRoot, _ = filepath.Abs(filepath.Join("..", ".."))

// giteaStep is one step of a Gitea workflow job as the runner sees it.
type giteaStep struct {
	id, name, run, dir, cond string
}

// giteaJob reads the steps and the env of one job of a workflow under .gitea/workflows.
func giteaJob(t *testing.T, file, job string) (steps []giteaStep, env map[string]string) {
	t.Helper()
	wf := loadWorkflow(t, filepath.Join(repoRoot, ".gitea", "workflows", file))
	j := pairs(field(wf, "jobs"))[job]
	if j == nil {
		t.Fatalf("%s has no job %s", file, job)
	}
	env = map[string]string{}
	for k, v := range pairs(field(j, "env")) {
		env[k] = v.Value
	}
	for _, st := range field(j, "steps").Content {
		s := giteaStep{}
		for k, v := range pairs(st) {
			switch k {
			case "id":
				s.id = v.Value
			case "name":
				s.name = v.Value
			case "run":
				s.run = strings.TrimSpace(v.Value)
			case "working-directory":
				s.dir = v.Value
			case "if":
				s.cond = v.Value
			}
		}
		steps = append(steps, s)
	}
	return steps, env
}

// TestGiteaWorkflows holds .gitea/workflows to what an intranet Gitea or Forgejo with a
// host-mode runner can run: no action fetched from anywhere (no uses:), no container,
// every job on the wuxiao label, run: lines exactly giteaRuns, and .forgejo/workflows a
// byte-for-byte copy (Forgejo reads .forgejo/workflows).
func TestGiteaWorkflows(t *testing.T) {
	dir := filepath.Join("..", "..", ".gitea", "workflows")
	files, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if !slices.Equal(names, []string{"check.yml", "publish.yml"}) {
		t.Fatalf(".gitea/workflows = %v, want check.yml and publish.yml", names)
	}
	var runs []string
	for _, file := range files {
		name := filepath.Base(file)
		data, _ := os.ReadFile(file)
		if copy, err := os.ReadFile(filepath.Join("..", "..", ".forgejo", "workflows", name)); err != nil || string(copy) != string(data) {
			t.Errorf(".forgejo/workflows/%s is not a copy of .gitea/workflows/%s (%v)", name, name, err)
		}
		if strings.Contains(string(data), "uses:") {
			t.Errorf("%s: uses: an action, which an intranet runner cannot fetch", name)
		}
		wf := loadWorkflow(t, file)
		if on := pairs(field(wf, "on")); on["pull_request_target"] != nil || on["workflow_run"] != nil {
			t.Errorf("%s: runs with the base repository's token on untrusted code", name)
		}
		for jobName, job := range pairs(field(wf, "jobs")) {
			where := name + " job " + jobName
			if ro := field(job, "runs-on"); ro == nil || ro.Value != "wuxiao" {
				t.Errorf("%s: runs-on must be the host-mode label wuxiao", where)
			}
			if field(job, "container") != nil || field(job, "services") != nil {
				t.Errorf("%s: needs Docker (container or services)", where)
			}
			if field(job, "timeout-minutes") == nil {
				t.Errorf("%s: no timeout-minutes", where)
			}
			steps, env := giteaJob(t, name, jobName)
			for k, v := range env {
				if strings.Contains(k, "TOKEN") && !strings.HasPrefix(v, "${{ secrets.") {
					t.Errorf("%s: %s must come from a secret, not %q", where, k, v)
				}
			}
			for i, s := range steps {
				if s.run == "" {
					t.Errorf("%s: step %d has no run:", where, i+1)
				}
				if strings.Contains(s.run, "${{") {
					t.Errorf("%s: step %q expands an expression inside run: (pass it through env:)", where, s.name)
				}
				runs = append(runs, s.run)
			}
		}
	}
	var want []string
	for _, c := range giteaRuns {
		want = append(want, c)
	}
	slices.Sort(runs)
	runs = slices.Compact(runs)
	slices.Sort(want)
	if !slices.Equal(runs, want) {
		t.Errorf("run: lines of .gitea/workflows\n  %s\nare not giteaRuns\n  %s", strings.Join(runs, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestGiteaBuildCommand runs the Gitea publishing workflow's build on a clean tree: the
// site gets its pre-compressed copies for nginx.
func TestGiteaBuildCommand(t *testing.T) {
	clean := map[string]string{}
	for p, data := range baseFiles {
		if !strings.Contains(p, "/submissions/") && !strings.Contains(p, "/attachments/") {
			clean[p] = data
		}
	}
	r := newTestRepo(t, clean)
	t.Chdir(r.dir)
	env := map[string]string{"HOME": t.TempDir()} // the runner account's home keeps the cache
	if res := runCI(t, giteaRuns["build"], env); res.code != ExitOK || !strings.Contains(res.stderr, "压缩副本") {
		t.Fatalf("build --compress: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	checkCacheKept(t, r.dir, filepath.Join(env["HOME"], ".cache", "wuxiao-build"), func() ciResult { return runCI(t, giteaRuns["build"], env) })
	for _, name := range []string{"index.html", "index.html.gz", "index.html.br"} {
		if _, err := os.Stat(filepath.Join(r.dir, "public", name)); err != nil {
			t.Errorf("build --compress left no public/%s: %v", name, err)
		}
	}
	// The publish step, as the runner's shell runs it, into a site folder that holds an
	// older build: the new files arrive, the stale one goes.
	if _, err := exec.LookPath("rsync"); err != nil {
		t.Skip("no rsync (apt install rsync; .ci/run does): the publish step is not run")
	}
	deploy := t.TempDir()
	os.WriteFile(filepath.Join(deploy, "stale.html"), []byte("old"), 0o644)
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", giteaRuns["publish"])
	cmd.Dir, cmd.Env = r.dir, append(os.Environ(), "WUXIAO_DEPLOY="+deploy)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(filepath.Join(r.dir, "public", "index.html.br"))
	if got, err := os.ReadFile(filepath.Join(deploy, "index.html.br")); err != nil || string(got) != string(want) {
		t.Errorf("publish did not copy index.html.br: %v", err)
	}
	if _, err := os.Stat(filepath.Join(deploy, "stale.html")); err == nil {
		t.Error("publish left a file the new build does not have")
	}
}
