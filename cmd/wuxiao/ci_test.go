package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// ciCommands are the run: lines of .github/workflows, exactly as written there.
// TestWorkflows checks that the workflows run these and nothing else; the scenario
// tests run each of them through runCI.
var ciCommands = map[string]string{
	"check": `go run ./cmd/wuxiao check --format github`,
	"scope": `go run ./cmd/wuxiao scope --root "$GITHUB_WORKSPACE" --base "origin/$GITHUB_BASE_REF" --author "$PR_AUTHOR"`,
	"pages": `go run ./cmd/wuxiao pages --base "origin/$GITHUB_BASE_REF" --format markdown --out "$RUNNER_TEMP/pages.md"`,
	"build": `go run ./cmd/wuxiao build --cache "$RUNNER_TEMP/wuxiao-cache"`,
}

// giteaRuns are the run: lines of .gitea/workflows (and its copy .forgejo/workflows),
// exactly as written there. TestGiteaWorkflows checks that the workflows run these and
// nothing else; the Gitea scenario test runs the workflow files' steps against a real
// Gitea (runGiteaJob): wuxiao lines through Main, the git lines through bash.
var giteaRuns = map[string]string{
	"checkout-base": `git init -q
git -c http.extraHeader="Authorization: Basic $(printf 'wuxiao:%s' "$GIT_TOKEN" | base64 -w0)" fetch -q --no-tags "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git" "+$GITHUB_REF:refs/remotes/pull/head" "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF"
git checkout -q --force --detach refs/remotes/pull/head
rm -rf .wuxiao-base
git worktree add -q --force --detach .wuxiao-base "refs/remotes/origin/$GITHUB_BASE_REF"`,
	"checkout-main": `git init -q
git -c http.extraHeader="Authorization: Basic $(printf 'wuxiao:%s' "$GIT_TOKEN" | base64 -w0)" fetch -q --no-tags "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git" "+$GITHUB_REF:refs/remotes/origin/published"
git checkout -q --force --detach "$GITHUB_SHA"`,
	"check":        `go run ./cmd/wuxiao check --root "$GITHUB_WORKSPACE" --format json --out "$RUNNER_TEMP/check.json"`,
	"check-review": `go run ./cmd/wuxiao review --in "$RUNNER_TEMP/check.json" --title 内容检查 --pr "$PR_NUMBER"`,
	"scope":        `go run ./cmd/wuxiao scope --root "$GITHUB_WORKSPACE" --base "origin/$GITHUB_BASE_REF" --author "$PR_AUTHOR" --format json --out "$RUNNER_TEMP/scope.json"`,
	"scope-review": `go run ./cmd/wuxiao review --in "$RUNNER_TEMP/scope.json" --title 修改权限 --pr "$PR_NUMBER"`,
	"build":        `go run ./cmd/wuxiao build --compress --cache "$HOME/.cache/wuxiao-build"`,
	"publish":      `rsync -a --delete-after --delay-updates public/ "$WUXIAO_DEPLOY/"`,
}

// ciResult is what one command printed and returned.
type ciResult struct {
	code           int
	stdout, stderr string
}

// runCI runs a workflow's run: line the way the runner's shell would: "$NAME" is
// replaced from env, and `go run ./cmd/wuxiao` becomes a call of Main.
func runCI(t *testing.T, line string, env map[string]string) ciResult {
	t.Helper()
	return runCIWith(t, line, env, os.Getenv)
}

// runCIWith is runCI with the program's environment given by getenv.
func runCIWith(t *testing.T, line string, env map[string]string, getenv func(string) string) ciResult {
	t.Helper()
	const prefix = "go run ./cmd/wuxiao "
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("run: line does not start with %q: %s", prefix, line)
	}
	args := shellWords(t, strings.TrimPrefix(line, prefix), env)
	var stdout, stderr bytes.Buffer
	code := (&Main{Stdout: &stdout, Stderr: &stderr, Getenv: getenv}).Run(args)
	return ciResult{code, stdout.String(), stderr.String()}
}

// shellWords splits a command line into words, honouring double quotes and
// expanding $NAME; any other shell syntax fails the test.
func shellWords(t *testing.T, line string, env map[string]string) []string {
	t.Helper()
	if strings.ContainsAny(line, "'`\\|&;<>(){}*?") {
		t.Fatalf("run: line uses shell syntax the tests do not model: %s", line)
	}
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in: %s", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	for i, w := range words {
		words[i] = os.Expand(w, func(name string) string {
			v, ok := env[name]
			if !ok {
				t.Fatalf("run: line uses $%s, which the test does not set", name)
			}
			return v
		})
	}
	return words
}

func TestShellWords(t *testing.T) {
	got := shellWords(t, `scope --root "$W" --base "origin/$B" --author x`, map[string]string{"W": "/tmp/a b", "B": "main"})
	want := []string{"scope", "--root", "/tmp/a b", "--base", "origin/main", "--author", "x"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shellWords = %q, want %q", got, want)
	}
}
