#!/bin/sh
# Measures the public site with Lighthouse at phone size (issue 16): builds the site with
# --compress, serves it with Debian's nginx and the configuration `wuxiao nginx` writes (so the
# headers are the deployed ones), runs Lighthouse RUNS times (default 3) on each page and prints
# the median score of each category, then each run's performance score with its FCP, LCP, TBT,
# CLS and speed index. Fails when accessibility, best practices or SEO is below 100 on any page;
# performance below 95 only warns, as it depends on how busy the machine is.
#
#   npm i --prefix /tmp/lh lighthouse@12.2.3
#   LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .ci/lighthouse-site.sh [extra lighthouse flags]
#
# e.g. add --throttling-method=provided to see performance without the simulated slow phone.
# A loaded machine depresses the performance score; the other three do not depend on speed.
set -eu
: "${LIGHTHOUSE:?set LIGHTHOUSE to the lighthouse command (npm i lighthouse@12.2.3)}"
: "${CHROME_PATH:=/usr/bin/chromium}"
: "${NGINX:=/usr/sbin/nginx}"
: "${RUNS:=3}"
: "${PAGES:=/ /2025/results/chengqu-heating/huanrezhan-wurenzhishou/ /search/ /search/?q=%E7%9A%AE%E5%B8%A6 /stats/ /2025/awards/}"
export CHROME_PATH
work=$(mktemp -d)
trap 'kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$work"' EXIT
port=$((20000 + $$ % 10000))
go run ./cmd/wuxiao build --compress --out "$work/public" >&2
go run ./cmd/wuxiao nginx --dir "$work/public" --listen "127.0.0.1:$port" --base-url "http://127.0.0.1:$port/" --out "$work/wuxiao.conf"
load=""
brotli=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
[ -f "$brotli" ] && load="load_module $brotli;"
user=""
[ "$(id -u)" = 0 ] && user="user root;"
cat >"$work/nginx.conf" <<EOF
$user
$load
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  include $work/wuxiao.conf;
}
EOF
"$NGINX" -p "$work" -c "$work/nginx.conf"
sleep 1
status=0
set -f # the pages are URLs, not file patterns
printf '%-40s %6s %6s %6s %6s\n' page perf a11y bp seo
for p in $PAGES; do
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		"$LIGHTHOUSE" "http://127.0.0.1:$port$p" --quiet --output=json --output-path="$work/r$i.json" \
			--only-categories=performance,accessibility,best-practices,seo "$@" \
			--chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync" || true
	done
	P="$p" node -e '
const fs = require("fs"), cats = ["performance", "accessibility", "best-practices", "seo"];
const dir = process.argv[1], runs = fs.readdirSync(dir).filter(f => /^r\d+\.json$/.test(f)).map(f => JSON.parse(fs.readFileSync(dir + "/" + f))).filter(r => !r.runtimeError);
const score = (r, c) => Math.round(r.categories[c].score * 100);
const med = c => { const v = runs.map(r => score(r, c)).sort((a, b) => a - b); return v.length ? v[(v.length - 1) >> 1] : "-"; };
const failed = new Set();
for (const r of runs) for (const c of cats.slice(1)) for (const ref of r.categories[c].auditRefs)
  if (ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1) failed.add(c + ":" + ref.id);
const m = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];
const perf = runs.map(r => score(r, "performance") + " [" + m.map(k => r.audits[k].displayValue.replace(/\s/g, "")).join(" ") + "]");
console.log(process.env.P.padEnd(40), ...cats.map(c => String(med(c)).padStart(6)), " " + runs.length + " runs:", perf.join(", "), failed.size ? " failing: " + [...failed].join(" ") : "");
if (runs.length === 0 || cats.slice(1).some(c => med(c) < 100)) process.exit(1);
if (med("performance") < 95) console.log("warning: performance below 95 (is the machine busy? see the runs)");
' "$work" || status=1
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		rm -f "$work/r$i.json"
	done
done
exit $status
