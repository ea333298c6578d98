#!/usr/bin/env bash
# A scripted scan of a running portal with wapiti (issue 13.9), outside `make test` and CI:
#   scripts/security_scan.sh            (or: make scan)
# It serves a throw-away copy of the portal (SQLite, demo data, DEBUG off, HTTPS with a
# self-signed certificate, gunicorn) on a free port, signs wapiti in as `staf`, crawls and
# attacks it, and writes the report to scan-report/ (JSON and HTML). SECURITY.md records the
# findings. wapiti lives in its own virtualenv (.scanvenv), not in the project's requirements.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
SCANVENV=${SCANVENV:-.scanvenv}
WAPITI_VERSION=3.3.2
PORT=${SCAN_PORT:-$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d /tmp/tangsel-scan.XXXXXX)
OUT=${SCAN_OUT:-scan-report}
MAX_SCAN=${SCAN_MAX_SECONDS:-600}
MAX_ATTACK=${SCAN_MAX_ATTACK_SECONDS:-60}

if [ ! -x "$SCANVENV/bin/wapiti" ]; then
  echo "Installing wapiti3==$WAPITI_VERSION into $SCANVENV ..."
  # wapiti 3.3 needs Python 3.12 or newer (SCAN_PYTHON to choose one).
  "${SCAN_PYTHON:-python3.12}" -m venv "$SCANVENV"
  "$SCANVENV/bin/python" -m pip install -qq --disable-pip-version-check "wapiti3==$WAPITI_VERSION"
fi

export DATABASE_URL="sqlite:///$WORK/scan.sqlite3" MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
export REDIS_URL="" EMAIL_URL="locmem://" DEMO_PASSWORD="${DEMO_PASSWORD:-tangsel-demo}"
unset TEST_DATABASE_NAME || true

echo "Preparing a throw-away portal in $WORK ..."
DEBUG=1 "$PY" manage.py migrate --noinput -v 0
DEBUG=1 "$PY" manage.py seed_demo --if-empty -v 0
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

# Production settings: DEBUG off, a random key, HTTPS only (HSTS, secure cookies).
export DEBUG=0 SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS="127.0.0.1" CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT" SITE_URL="https://127.0.0.1:$PORT"
export TRUSTED_PROXY_COUNT=0 SECURE_HSTS_PRELOAD=0
# The scanner sends many wrong logins from one address; the per-address slow-down would stop the crawl.
export LOGIN_ADDRESS_FAILURE_LIMIT=100000
"$PY" manage.py collectstatic --noinput -v 0

"$PY" -m gunicorn tangsel_portal.wsgi -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --workers 2 \
  --certfile "$WORK/cert.pem" --keyfile "$WORK/key.pem" --log-level warning > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -ksf -o /dev/null "https://127.0.0.1:$PORT/accounts/login/" && break
  kill -0 "$SERVER" 2>/dev/null || { echo "gunicorn did not start: $WORK/server.log" >&2; exit 1; }
  sleep 1
done

BASE="https://127.0.0.1:$PORT/"
mkdir -p "$OUT"
# Signed in as staf with curl, as a browser would: Django checks the Referer of an HTTPS POST,
# which wapiti's own form login does not send. Its session cookie is handed to wapiti.
JAR="$WORK/cookies.txt"
curl -ks -c "$JAR" -b "$JAR" "${BASE}accounts/login/" -o "$WORK/login.html"
TOKEN=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
STATUS=$(curl -ks -c "$JAR" -b "$JAR" -e "${BASE}accounts/login/" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrfmiddlewaretoken=$TOKEN" --data-urlencode "username=staf" \
  --data-urlencode "password=$DEMO_PASSWORD" "${BASE}accounts/login/")
[ "$STATUS" = 302 ] || { echo "Signing in as staf failed (HTTP $STATUS)" >&2; exit 1; }
COOKIES=$(awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$JAR")
echo "Scanning $BASE as staf (at most ${MAX_SCAN}s) ..."
# Signing out or switching language would end or change the scanner's own session; the
# password reset would send mail. The Referer lets its POST attacks past the CSRF check's
# origin test (the token it reads from each form, as a browser would).
"$SCANVENV/bin/wapiti" -u "$BASE" --scope folder -C "${COOKIES%; }" -H "Referer: $BASE" \
  -x "${BASE}accounts/logout/" -x "${BASE}admin/logout/" -x "${BASE}i18n/setlang/" \
  -x "${BASE}accounts/password-reset/" -x "${BASE}admin/password_change/" \
  -m "exec,file,permanentxss,redirect,sql,timesql,ssrf,xss,csrf,crlf,methods,backup,htaccess" \
  --max-scan-time "$MAX_SCAN" --max-attack-time "$MAX_ATTACK" --flush-session --verify-ssl 0 \
  -f json -o "$OUT/wapiti.json" --color "${@}" || true
"$PY" - "$OUT/wapiti.json" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
print("Findings by category:")
for section in ("vulnerabilities", "anomalies", "additionals"):
    for name, items in sorted(report.get(section, {}).items()):
        if items:
            print(f"  [{section}] {name}: {len(items)}")
            for item in items[:5]:
                print(f"      {item.get('method', '')} {item.get('path', '')} {item.get('info', '')[:150]}")
PYEOF
echo "Server errors (500) during the scan: $(grep -c '" 500 ' "$WORK/server.log" || true)"
echo "Report: $OUT/wapiti.json; server log: $WORK/server.log"
