# Sourced by the capture scripts: logging in to the lab's Keystone, and a
# wait on an answer's field. Needs curl and jq.
KS=http://127.0.0.1:5000/v3

# password_auth USER: the body of USER's password login to its own project
# (the lab's demo and admin both log in with the password "secret").
password_auth() {
  echo '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"'$1'","domain":{"name":"Default"},"password":"secret"}}},"scope":{"project":{"name":"'$1'","domain":{"name":"Default"}}}}}'
}

# token BODY [FILE]: the token Keystone gives for the login BODY (empty when
# it gives none); its answer's body goes to FILE.
token() {
  curl -s -D - -o "${2:-/dev/null}" -H 'Content-Type: application/json' -d "$1" $KS/auth/tokens |
    grep -i x-subject-token | cut -d' ' -f2 | tr -d '\r'
}

# demo_login FILE: T, demo's token, and P, its project, with Keystone's
# answer in FILE; the script stops when the lab does not answer.
demo_login() {
  T=$(token "$(password_auth demo)" "$1")
  [ -n "$T" ] || { echo "no token from $KS: is the lab up (bash test/openstack/up.sh)?" >&2; exit 1; }
  P=$(jq -r .token.project.id "$1")
}

# wait_for URL JQ VALUE SECONDS [curl args...]: polls with g (the script's
# GET with its token) until the field says VALUE.
wait_for() {
  local url=$1 q=$2 want=$3 n=$4; shift 4
  for _ in $(seq 1 "$n"); do
    [ "$(g "$@" "$url" | jq -r "$q")" = "$want" ] && return 0
    sleep 1
  done
  echo "timed out waiting for $q = $want at $url" >&2
  return 1
}

# capture_setup: what a capture script does first, after setting HERE and
# sourcing this file: it works in OUT (testdata/openstack unless set), with
# TMP a folder removed at exit, T demo's token, and g (a JSON request) and c
# (the same, with the status on a line of its own after the body).
capture_setup() {
  OUT=${OUT:-$HERE/../../testdata/openstack}
  mkdir -p "$OUT"
  cd "$OUT" || exit 1
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  demo_login "$TMP/token.json"
  H=(-H "X-Auth-Token: $T" -H 'Content-Type: application/json' -H 'Accept: application/json')
  g() { curl -s "${H[@]}" "$@"; }
  c() { curl -s "${H[@]}" -w '\n%{http_code}\n' "$@"; }
}
