#!/usr/bin/env bash
# gophercloud's own acceptance tests (compute/v2, blockstorage/v3, image/v2,
# networking/v2 and its extensions, objectstorage/v1, dns/v2, loadbalancer/v2)
# against the sandbox and the lab, as a
# measure of how truthfully the sandbox answers any OpenStack client.
# See README.md here.
#
#   bash test/acceptance/run.sh               # the sandbox, and the lab when /tmp/oslab/clouds.yaml works
#   bash test/acceptance/run.sh sandbox       # the sandbox only
#   bash test/acceptance/run.sh lab           # the lab only
#   bash test/acceptance/run.sh --check       # the sandbox only, against lab-passes.txt (CI)
#   bash test/acceptance/run.sh --record      # both, then rewrite lab-passes.txt
#   RUN='TestServers' bash test/acceptance/run.sh sandbox   # only the tests -run matches
#   LAB_RESULTS=/path/lab.txt bash test/acceptance/run.sh --record   # a lab run's results instead of a new run (it takes ~45 min)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
out="${OUT:-${TMPDIR:-/tmp}/mcp-infomaniak-acceptance}"
oslab="${OSLAB:-/tmp/oslab}"
list="$here/lab-passes.txt"
mkdir -p "$out"
start=$(date +%s)
step() { printf -- '-- acceptance: %s (%ds)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

mode="${1:-both}"
case "$mode" in
  both|sandbox|lab|--check|--record) ;;
  *) echo "usage: run.sh [both|sandbox|lab|--check|--record]" >&2; exit 2 ;;
esac

packages=(${PACKAGES:-compute/v2 blockstorage/v3 image/v2 networking/v2 networking/v2/extensions/... objectstorage/v1 dns/v2 loadbalancer/v2})

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# The tests are internal to gophercloud's module: they run from a writable
# copy of the version go.mod requires, never from the repository.
step "gophercloud's module (the version of go.mod), copied to $out/gophercloud"
moddir="$(cd "$root" && go mod download -json github.com/gophercloud/gophercloud/v2 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ ! -f "$out/gophercloud/.from" ] || [ "$(cat "$out/gophercloud/.from")" != "$moddir" ]; then
  rm -rf "$out/gophercloud"
  cp -r "$moddir" "$out/gophercloud"
  chmod -R u+w "$out/gophercloud"
  echo "$moddir" > "$out/gophercloud/.from"
fi
(cd "$out/gophercloud" && go mod download)
(cd "$root" && go build -o "$out/measure" ./test/acceptance/measure)

# run_suite BACKEND: runs the packages with the OS_* already exported and
# writes $out/BACKEND.txt ("PASS|FAIL|SKIP package Test  why").
run_suite() {
  local backend="$1"
  "$out/measure" choices > "$out/$backend.env"
  cat "$out/$backend.env" >&2
  # shellcheck disable=SC1090
  . "$out/$backend.env"
  export OS_BRANCH=stable/zed # the lab's release; the sandbox follows the lab
  local pkgs=() p
  for p in "${packages[@]}"; do pkgs+=("./internal/acceptance/openstack/$p"); done
  step "$backend: go test -tags acceptance ${packages[*]}"
  (cd "$out/gophercloud" && go test -tags acceptance -json -count=1 -p "${PARALLEL:-2}" -timeout 30m \
      ${RUN:+-run "$RUN"} "${pkgs[@]}" > "$out/$backend.json" 2>"$out/$backend.stderr") || true
  "$out/measure" tally github.com/gophercloud/gophercloud/v2/internal/acceptance/openstack < "$out/$backend.json" > "$out/$backend.txt"
  step "$backend: $(grep -c '^PASS' "$out/$backend.txt" || true) pass, $(grep -c '^FAIL' "$out/$backend.txt" || true) fail, $(grep -c '^SKIP' "$out/$backend.txt" || true) skip (results: $out/$backend.txt)"
}

lab() {
  [ -f "$oslab/clouds.yaml" ] || { step "lab: no $oslab/clouds.yaml, skipped"; return 1; }
  (
    export OS_AUTH_URL=http://127.0.0.1:5000/v3 OS_USERNAME=demo OS_PASSWORD=secret OS_PROJECT_NAME=demo \
      OS_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne
    curl -fsS -o /dev/null "$OS_AUTH_URL" || { step "lab: Keystone does not answer at $OS_AUTH_URL, skipped"; exit 1; }
    run_suite lab
  )
}

sandbox() {
  (cd "$root" && go build -o "$out/mcp-infomaniak" ./cmd/mcp-infomaniak)
  "$out/mcp-infomaniak" sandbox --build-delay 1s --action-delay 500ms > "$out/sandbox.entry" 2>"$out/sandbox.log" &
  pids+=($!)
  # The entry is complete once its last line (identity_api_version) is out.
  local i
  for i in $(seq 300); do
    grep -q identity_api_version "$out/sandbox.entry" && break
    kill -0 "${pids[-1]}" || { cat "$out/sandbox.log" >&2; return 1; }
    sleep 0.2
  done
  grep -q identity_api_version "$out/sandbox.entry" || { echo "the sandbox printed no clouds.yaml entry in 60 s" >&2; return 1; }
  (
    field() { sed -n "s/^ *$1: //p" "$out/sandbox.entry"; }
    export OS_AUTH_URL="$(field auth_url)" OS_USERNAME="$(field username)" OS_PASSWORD="$(field password)" \
      OS_PROJECT_NAME="$(field project_name)" OS_DOMAIN_NAME=Default OS_REGION_NAME="$(field region_name)"
    run_suite sandbox
  )
}

# compare: the tests that pass on the lab, and how each fares on the sandbox.
compare() {
  local labpass sbpass total
  labpass="$(awk '$1=="PASS"{print $2" "$3}' "$out/lab.txt")"
  total=$(printf '%s\n' "$labpass" | grep -c . || true)
  sbpass=0
  printf '\n%-8s %-8s %s\n' lab sandbox test
  while read -r pkg test; do
    [ -n "$pkg" ] || continue
    local line res why
    line="$(awk -v p="$pkg" -v t="$test" '$2==p && $3==t' "$out/sandbox.txt")"
    res="${line%% *}"; res="${res:-MISSING}"
    why="$(printf '%s' "$line" | sed -n 's/^[A-Z]* [^ ]* [^ ]*  //p')"
    [ "$res" = PASS ] && sbpass=$((sbpass + 1))
    printf '%-8s %-8s %s %s  %s\n' PASS "$res" "$pkg" "$test" "$why"
  done <<< "$labpass"
  printf '\nof %d tests that pass on the lab, %d pass on the sandbox (%d%%)\n' "$total" "$sbpass" $(( total ? 100 * sbpass / total : 0 ))
}

# why PKG TEST: the reason the sandbox's run gave for a failure, its
# address and port taken out (they change on every run).
why() {
  awk -v p="$1" -v t="$2" '$2==p && $3==t' "$out/sandbox.txt" | sed -n 's/^[A-Z]* [^ ]* [^ ]*  //p' |
    sed -E 's#http://127\.0\.0\.1:[0-9]+##g; s#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}#{id}#g' |
    sed -E 's#[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}(%3A|:)[0-9]{2}(%3A|:)[0-9]{2}Z#{time}#g'
}

# record: lab-passes.txt, the tests that pass on the lab with the sandbox's
# result beside each ("PASS" or what failed).
record() {
  {
    echo "# gophercloud's acceptance tests that pass on the lab (demo user), with the sandbox's result:"
    echo "# 'sandbox-pass' must keep passing on the sandbox (run.sh --check, CI); 'sandbox-fail' names why not yet."
    echo "# Written by: bash test/acceptance/run.sh --record"
    awk '$1=="PASS"{print $2" "$3}' "$out/lab.txt" | while read -r pkg test; do
      if awk -v p="$pkg" -v t="$test" '$1=="PASS" && $2==p && $3==t{f=1} END{exit !f}' "$out/sandbox.txt"; then
        echo "sandbox-pass $pkg $test"
      else
        echo "sandbox-fail $pkg $test  # $(why "$pkg" "$test" | cut -c1-400)"
      fi
    done
  } > "$list"
  step "wrote $list"
}

# check: every test lab-passes.txt says passes on the sandbox still does.
check() {
  local broken=0 now=0 pkg test state
  while read -r state pkg test _; do
    case "$state" in sandbox-pass|sandbox-fail) ;; *) continue ;; esac
    if awk -v p="$pkg" -v t="$test" '$1=="PASS" && $2==p && $3==t{f=1} END{exit !f}' "$out/sandbox.txt"; then
      [ "$state" = sandbox-fail ] && { echo "now passes on the sandbox: $pkg $test (run.sh --record to keep it)"; now=$((now + 1)); }
    elif [ "$state" = sandbox-pass ]; then
      echo "REGRESSION: $pkg $test passed on the sandbox and now: $(awk -v p="$pkg" -v t="$test" '$2==p && $3==t' "$out/sandbox.txt")"
      broken=$((broken + 1))
    fi
  done < "$list"
  # A lab-passing test the sandbox fails should fail on a 501 (what the
  # sandbox says it does not serve), not on an answer that differs.
  local not501=0
  while read -r state pkg test _; do
    [ "$state" = sandbox-fail ] || continue
    awk -v p="$pkg" -v t="$test" '$1=="PASS" && $2==p && $3==t{f=1} END{exit !f}' "$out/sandbox.txt" && continue
    why "$pkg" "$test" | grep -q 501 || { echo "not on a 501: $pkg $test  $(why "$pkg" "$test" | cut -c1-160)"; not501=$((not501 + 1)); }
  done < "$list"
  local expected
  expected=$(grep -c '^sandbox-pass' "$list" || true)
  echo "$not501 of the lab's tests the sandbox fails fail on something other than a 501"
  echo "$((expected - broken)) of the $expected tests that passed on the sandbox pass ($now more than recorded); of the lab's $(grep -c '^sandbox-' "$list"), the sandbox passes $(( expected - broken + now ))"
  [ "$broken" = 0 ]
}

case "$mode" in
  sandbox) sandbox ;;
  lab) lab ;;
  --check) sandbox; check ;;
  both|--record)
    sandbox
    if [ -n "${LAB_RESULTS:-}" ]; then
      [ "$LAB_RESULTS" -ef "$out/lab.txt" ] || cp "$LAB_RESULTS" "$out/lab.txt"
      compare
    elif lab; then compare; else echo "no lab: the sandbox's results are in $out/sandbox.txt"; fi
    [ "$mode" = --record ] && record
    ;;
esac
step "done"
