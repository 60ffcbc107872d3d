#!/usr/bin/env bash
# Embedded-mode smoke test, as a new user would try Ayni: start the built server with no
# DATABASE_URL (so on PGlite), sign up, set up two-step log-in, log out, log in (password, then a
# recovery code), see the dashboard and a healthy /health,
# then stop it with SIGTERM and check it exits cleanly. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SMOKE_PORT:-3123}"
base="http://127.0.0.1:${port}"
work="$(mktemp -d)"
jar="${work}/cookies"
log="${work}/server.log"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill -9 "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "smoke: FAILED: $*" >&2; echo "--- server log ---" >&2; tail -n 40 "$log" >&2 || true; exit 1; }
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }

before="$(pgrep -fc 'chrom.*--headless' || true)"
env -u DATABASE_URL PORT="$port" HOST=127.0.0.1 DATA_DIR="${work}/data" node dist/src/main.js >"$log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "${base}/login" && break
  kill -0 "$server" 2>/dev/null || fail "the server exited during start-up"
  sleep 0.5
done
curl -fs -o /dev/null "${base}/login" || fail "the server did not answer within 60 s"

email="smoke.$(date +%s)@example.org"
password="smoke test passphrase $$"
token="$(curl -fs -c "$jar" -b "$jar" "${base}/signup" | csrf)"
[[ -n "$token" ]] || fail "no CSRF token on /signup"
code="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "_csrf=${token}" --data-urlencode "practiceName=Smoke Test Practice" \
  --data-urlencode "ownerName=Sam Smoke" --data-urlencode "email=${email}" --data-urlencode "password=${password}" \
  "${base}/signup")"
[[ "$code" == 303 ]] || fail "sign-up answered ${code}, expected 303"

# Owners set up two-step log-in first: read the key from the page, answer with the app's code.
setup="$(curl -fs -c "$jar" -b "$jar" "${base}/account/mfa/setup")"
secret="$(echo "$setup" | sed -n 's/.*id="secret-key"><code>\([^<]*\)<.*/\1/p' | tr -d ' ')"
[[ -n "$secret" ]] || fail "no key on the two-step set-up page"
totp="$(node scripts/totp.js "$secret")"
saved="$(curl -fs -c "$jar" -b "$jar" --data-urlencode "_csrf=$(echo "$setup" | csrf)" --data-urlencode "code=${totp}" \
  "${base}/account/mfa/setup?next=/dashboard")"
recovery="$(echo "$saved" | sed -n 's/.*<li><code>\([^<]*\)<\/code><\/li>.*/\1/p' | head -n 1)"
[[ -n "$recovery" ]] || fail "two-step log-in was not turned on (no recovery codes shown)"
curl -fs -b "$jar" "${base}/dashboard" | grep -q "Smoke Test Practice" || fail "the dashboard does not show the practice after set-up"

token="$(curl -fs -c "$jar" -b "$jar" "${base}/dashboard" | csrf)"
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=${token}" "${base}/logout" -w '' || true
[[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "${base}/dashboard")" == 303 ]] || fail "the dashboard was still open after log-out"

token="$(curl -fs -c "$jar" -b "$jar" "${base}/login" | csrf)"
code="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "_csrf=${token}" --data-urlencode "email=${email}" --data-urlencode "password=${password}" "${base}/login")"
[[ "$code" == 303 ]] || fail "log-in answered ${code}, expected 303"
# The app's code of this half-minute was spent on set-up (codes work once): a recovery code stands in.
token="$(curl -fs -c "$jar" -b "$jar" "${base}/login/code" | csrf)"
code="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "_csrf=${token}" --data-urlencode "code=${recovery}" "${base}/login/code")"
[[ "$code" == 303 ]] || fail "the second step answered ${code}, expected 303"
curl -fs -b "$jar" "${base}/dashboard" | grep -q "Smoke Test Practice" || fail "the dashboard does not show the practice"

health="$(curl -s "${base}/health")"
echo "$health" | grep -q '"status":"ok"' || fail "/health is not ok: ${health}"
echo "$health" | grep -q '"mode":"embedded"' || fail "/health does not report the embedded database: ${health}"

kill -TERM "$server"
for _ in $(seq 1 40); do kill -0 "$server" 2>/dev/null || break; sleep 0.25; done
kill -0 "$server" 2>/dev/null && fail "the server did not stop within 10 s of SIGTERM"
wait "$server" && status=0 || status=$?
server=""
[[ "$status" == 0 || "$status" == 143 ]] || fail "the server exited with status ${status}"
after="$(pgrep -fc 'chrom.*--headless' || true)"
(( after <= before )) || fail "Chromium processes were left running (${before} before, ${after} after)"
echo "smoke: embedded mode OK (sign-up, two-step set-up, log-out, two-step log-in, dashboard, /health, clean stop)"
