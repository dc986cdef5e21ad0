#!/usr/bin/env bash
# CI step: the demo Pemda loaded into a fresh embedded data directory by `kinerja start` (whose
# worker prices the demo's payroll month), then `kinerja audit replay` over it: every recorded
# decision decided again by today's code. A change that would alter a past decision fails here.
# Exit 0 when every decision replays the same and there were decisions to replay (pay lines among them).
set -uo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export DATA_DIR="$dir" PORT="$port" KINERJA_DEMO_DATA=auto LOG_LEVEL=warn
unset DATABASE_URL REDIS_URL TEST_DATABASE_URL
node bin/kinerja.js start >"$dir/start.log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"; }
trap stop EXIT
# Complete: the demo is loaded and its payroll run priced (the replay sees its pay lines).
complete() {
  node -e '
    const r = require(process.argv[1]);
    const n = (k) => (r.byKind.find((x) => x.kind === k) || { checked: 0 }).checked;
    process.exit(n("rating") > 0 && n("calibration.issue") > 0 && n("pay.line") > 0 ? 0 : 1);' "$dir/replay.json" 2>/dev/null
}
# The CLI must not initialise the embedded PostgreSQL in the fresh data directory while `start` does:
# wait until start answers before the first replay.
for _ in $(seq 1 90); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "kinerja start ended:"; cat "$dir/start.log"; exit 1; fi
  node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$port" && break
  sleep 2
done
for _ in $(seq 1 90); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "kinerja start ended:"; cat "$dir/start.log"; exit 1; fi
  node bin/kinerja.js audit replay --json >"$dir/replay.json" 2>/dev/null
  complete && break
  sleep 2
done
complete || { echo "the demo Pemda was not loaded and priced in time:"; tail -n 20 "$dir/start.log"; exit 1; }
node bin/kinerja.js audit replay
