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
	"build": `go run ./cmd/wuxiao build`,
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
	const prefix = "go run ./cmd/wuxiao "
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("run: line does not start with %q: %s", prefix, line)
	}
	args := shellWords(t, strings.TrimPrefix(line, prefix), env)
	var stdout, stderr bytes.Buffer
	code := (&Main{Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv}).Run(args)
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
