#!/usr/bin/env bash
# A real Gitea for the forge tests: built once from its module source into a cache folder
# (outside the repository), started on 127.0.0.1 with a temporary database, admin user and token.
#
#   .ci/gitea.sh build         build (or reuse) the binary; prints its path
#   .ci/gitea.sh start         build if needed, start a fresh server, write DIR/env and print it:
#                              WUXIAO_GITEA_URL, WUXIAO_GITEA_TOKEN, WUXIAO_GITEA_ADMIN, WUXIAO_GITEA_PASSWORD
#   .ci/gitea.sh stop DIR      stop the server started in DIR and remove DIR
#
# Then: eval "$(.ci/gitea.sh start)"; go test ./generator/forge/... ./generator/...
# Gitea v1.27.x is refused by the module proxy (a dependency answers 403); v1.26.0 builds with
# CGO and sqlite and needs no frontend build: the API and the plain HTML forms work without it.
set -euo pipefail

version=${WUXIAO_GITEA_VERSION:-v1.26.0}
cache=${WUXIAO_GITEA_CACHE:-$HOME/.cache/wuxiao-gitea}/$version
bin=$cache/gitea

log() { echo "gitea.sh: $*" >&2; }

build() {
  if [ -x "$bin" ]; then echo "$bin"; return; fi
  mkdir -p "$cache"
  local t0=$SECONDS dir
  log "downloading code.gitea.io/gitea@$version"
  dir=$(cd "$cache" && GOFLAGS=-mod=mod go mod download -json "code.gitea.io/gitea@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { log "go mod download gave no folder"; exit 1; }
  rm -rf "$cache/src"
  cp -r "$dir" "$cache/src"
  chmod -R u+w "$cache/src"
  log "building $version (CGO, sqlite; several minutes on 2 cores)"
  (cd "$cache/src" && CGO_ENABLED=1 go build -trimpath -tags 'sqlite sqlite_unlock_notify' \
      -ldflags "-s -w -X main.Version=${version#v}" -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
  log "built in $((SECONDS - t0))s: $bin"
  echo "$bin"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

start() {
  build >/dev/null
  local work port url
  work=$(mktemp -d "${TMPDIR:-/tmp}/wuxiao-gitea.XXXXXX")
  port=$(free_port)
  url="http://127.0.0.1:$port/"
  mkdir -p "$work/custom/conf" "$work/data" "$work/log"
  for d in options templates public; do ln -s "$cache/src/$d" "$work/$d"; done
  # Without the frontend build its script tags fail to load and call alert(), which stalls a
  # headless browser on every page (the desk's end-to-end test signs in through these pages):
  # empty files stand in for the built assets.
  mkdir -p "$work/custom/public/assets/js" "$work/custom/public/assets/css"
  for f in js/iife.js js/index.js js/eventsource.sharedworker.js css/index.css css/theme-gitea-auto.css; do
    : >"$work/custom/public/assets/$f"
  done
  cat >"$work/custom/conf/app.ini" <<INI
APP_NAME = wuxiao test forge
RUN_MODE = prod
RUN_USER = $(id -un)
WORK_PATH = $work
I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = $port
ROOT_URL = $url
DOMAIN = 127.0.0.1
DISABLE_SSH = true
OFFLINE_MODE = true
APP_DATA_PATH = $work/data
LFS_START_SERVER = false

[database]
DB_TYPE = sqlite3
PATH = $work/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = $work/repos
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = wuxiao-test-secret-key-not-secret
INTERNAL_TOKEN = eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuYmYiOjE3MDAwMDAwMDB9.wuxiaotestwuxiaotestwuxiaotestwuxiaotest12
PASSWORD_COMPLEXITY = off
MIN_PASSWORD_LENGTH = 6

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = false
DEFAULT_ALLOW_CREATE_ORGANIZATION = true
ENABLE_NOTIFY_MAIL = false

[mailer]
ENABLED = false

[actions]
ENABLED = false

[indexer]
REPO_INDEXER_ENABLED = false

[cron]
ENABLED = false

[git.config]
; no housekeeping after each push (git's receive-pack started "gc --auto" and
; "maintenance run --auto", 65 of the 3,810 processes Gitea started in the desk's
; end-to-end test): a test server lives for minutes, and a real one packs its
; repositories from [cron.git_gc_repos]
gc.auto = 0
maintenance.auto = false
receive.autogc = false

[log]
MODE = file
LEVEL = Warn
ROOT_PATH = $work/log

[oauth2]
; the desk's end-to-end test signs people in with this Gitea as the OAuth2 provider
ENABLED = true
; its tokens last 61 s (the default is an hour, a desk session eight), so that the desk
; renews each person's token with the refresh token at nearly every step of the test
ACCESS_TOKEN_EXPIRATION_TIME = 61
JWT_SECRET = d3V4aWFvLXRlc3Qtand0LXNlY3JldC0zMi1ieXRlcyE
INI
  local g=("$bin" --work-path "$work" --config "$work/custom/conf/app.ini")
  "${g[@]}" migrate >"$work/log/migrate.log" 2>&1 || { cat "$work/log/migrate.log" >&2; exit 1; }
  "${g[@]}" admin user create --admin --username wuxiao-admin --password wuxiao-admin-pw \
      --email admin@wuxiao.test --must-change-password=false >"$work/log/admin.log" 2>&1 \
      || { cat "$work/log/admin.log" >&2; exit 1; }
  local token
  token=$("${g[@]}" admin user generate-access-token --username wuxiao-admin --token-name ci \
      --scopes all --raw 2>>"$work/log/admin.log" | tail -1)
  # A simple command in the background, so that $! is Gitea itself and nothing else keeps
  # this script's stdout (read by callers through $(...)) open. GOGC=400 reaches the
  # `gitea hook` each push starts twice or more too (their start 182 -> 129 ms of
  # processor time; TestEndToEndOnGitea's machine time 37.5-39.6 -> 35.8-37.0 s).
  GOGC=400 nohup "${g[@]}" web </dev/null >"$work/log/web.log" 2>&1 &
  echo $! >"$work/pid"
  local i
  for i in $(seq 1 120); do
    if curl -fsS "${url}api/v1/version" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat "$work/pid")" 2>/dev/null; then cat "$work/log/web.log" >&2; exit 1; fi
    sleep 0.5
  done
  curl -fsS "${url}api/v1/version" >/dev/null || { log "server did not answer"; tail -30 "$work/log/web.log" >&2; exit 1; }
  cat >"$work/env" <<ENV
export WUXIAO_GITEA_URL=$url
export WUXIAO_GITEA_TOKEN=$token
export WUXIAO_GITEA_ADMIN=wuxiao-admin
export WUXIAO_GITEA_PASSWORD=wuxiao-admin-pw
export WUXIAO_GITEA_DIR=$work
ENV
  cat "$work/env"
}

stop() {
  local work=${1:?usage: gitea.sh stop DIR} pid i
  if [ -f "$work/pid" ]; then
    pid=$(cat "$work/pid")
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  case $work in */wuxiao-gitea.*) rm -rf "$work" ;; esac
}

case ${1:-start} in
  build) build ;;
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 build|start|stop DIR" >&2; exit 2 ;;
esac
