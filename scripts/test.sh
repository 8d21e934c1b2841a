#!/usr/bin/env bash
# The project's one test command (`npm test`): unit and integration tests against real servers.
#
#   bash scripts/test.sh [vitest args...]      e.g.  npm test -- --project unit   npm test -- test/servers.test.ts
#
# 1. `npm ci` when node_modules is missing or older than package-lock.json (by npm's own record).
# 2. The whole suite only (no arguments): the static checks — `npm run typecheck`, `npm run lint` (eslint with
#    the import rules, import cycles) and `npm run format:check` (prettier) — about 1.5 min on 2 cores. A
#    failing check fails the run, after the tests have still run, so one formatting slip hides nothing.
# 3. Unless KAFKA_BROKERS, REDIS_URL and MONGODB_URI are all set: `deploy/local/up` (Kafka 3.9, Redis,
#    FerretDB without Docker; the first run installs them into .cache/, a few minutes), then the settings
#    `deploy/local/env` prints.
#    When `up` started Kafka itself, the test namespaces earlier (killed) runs left in these servers are
#    removed first (test/support/remove-test-leftovers.ts; docs/local-servers.md).
# 4. `npx vitest run "$@"` with the three variables exported.
# 5. test/skips/check-skips.ts: fails the run when a test was skipped that test/skips/allowed-skips.ts does not
#    allow on this machine (every skip is printed with its reason).
# 6. `deploy/local/down` for the servers step 3 started (ones already running stay up, and so do servers
#    another test run on this machine still uses).
# Exits with vitest's status, or 1 when vitest passed but a static check failed or a test was skipped that
# should have run here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\n[test] %s\n' "$*" >&2; }

# npm keeps its own record of what it installed in node_modules/.package-lock.json; older than
# package-lock.json means someone changed the dependencies since the last install.
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing dependencies (npm ci)"
  # The lock the team uses for npm changes, so a test run never reinstalls under someone's `npm install`.
  if command -v flock >/dev/null; then
    flock /tmp/newsflow-npm.lock npm ci --no-audit --no-fund
  else
    npm ci --no-audit --no-fund
  fi
fi

static_failed=()
if (($# == 0)); then
  for check in typecheck lint format:check; do
    say "static check: npm run $check"
    npm run -s "$check" || static_failed+=("$check")
  done
fi

# Every project but `unit` needs servers: `npm test -- --project unit` skips them.
needs_servers=1
projects=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --project=*) projects+=("${args[$i]#--project=}") ;;
    --project) projects+=("${args[$((i + 1))]:-}") ;;
  esac
done
if ((${#projects[@]} > 0)); then
  needs_servers=0
  for project in "${projects[@]}"; do [[ "$project" == unit ]] || needs_servers=1; done
fi

started_file=
# test/skips/skip-reporter.ts (in vitest.config.ts) writes the skipped tests here; check-skips.ts then fails the
# run on any skip not allowed on this machine (test/skips/allowed-skips.ts).
skips_file=$(mktemp)
lease="--lease=test-sh-$$-$RANDOM$RANDOM"
# shellcheck disable=SC2317 # called from the EXIT trap
stop_started() {
  [[ -n "$started_file" ]] || return 0
  if [[ -s "$started_file" ]]; then
    mapfile -t started <"$started_file"
    say "stopping the servers this run started: ${started[*]}"
    bash deploy/local/down "$lease" "${started[@]}" || true
  else
    bash deploy/local/down "$lease" --release-only || true
  fi
  rm -f "$started_file"
}

trap 'rm -f "$skips_file"; stop_started' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ((needs_servers == 0)); then
  say "no integration project selected: not starting servers"
elif [[ -n "${KAFKA_BROKERS:-}" && -n "${REDIS_URL:-}" && -n "${MONGODB_URI:-}" ]]; then
  say "using running servers: KAFKA_BROKERS=$KAFKA_BROKERS REDIS_URL=$REDIS_URL MONGODB_URI=$MONGODB_URI"
else
  started_file=$(mktemp)
  leftover_file=$(mktemp)
  say "starting local servers (deploy/local/up)"
  # The lease keeps another run's `down` from stopping servers this run still uses (and vice versa).
  bash deploy/local/up --started-file="$started_file" --leftover-topics="$leftover_file" "$lease"
  # KAFKA_BROKERS, REDIS_URL, MONGODB_URI and the topics' replication settings, as deploy/local sets them.
  while IFS= read -r setting; do export "${setting?}"; done < <(bash deploy/local/env)
  # What killed runs left (.local/ persists): the test namespaces among the topics Kafka held before `up`
  # started it, with their Redis keys and databases. Never anything of a run that started since.
  if [[ -s "$leftover_file" ]]; then
    npx tsx test/support/remove-test-leftovers.ts "$leftover_file" || say "could not remove earlier runs' leftovers"
  fi
  rm -f "$leftover_file"
fi

# The console's browser tests (test/console) drive Debian's Chromium; install it where apt-get can (root, as in
# CI). Elsewhere they are skipped, which test/skips/allowed-skips.ts allows only on machines without apt-get.
if ((needs_servers)) && [[ ! -x /usr/bin/chromium ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  say "installing Chromium for the console's browser tests (apt-get install chromium)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    say "apt-get could not install chromium: the browser tests will fail"
fi

export NEWSFLOW_SKIPS_FILE=$skips_file
custom_reporter=0
for arg in "$@"; do if [[ "$arg" == --reporter* ]]; then custom_reporter=1; fi; done

say "running vitest $*"
status=0
npx vitest run "$@" || status=$?
say "vitest exited with $status"

if [[ -s "$skips_file" ]]; then
  npx tsx test/skips/check-skips.ts "$skips_file" || { ((status != 0)) || status=1; }
elif ((custom_reporter)); then
  say "skipped tests not checked: --reporter replaces the skip reporter of vitest.config.ts"
elif ((status == 0)); then
  say "vitest wrote no skip report (test/skips/skip-reporter.ts): cannot tell whether tests were skipped"
  status=1
fi
if ((${#static_failed[@]} > 0)); then
  say "static checks failed: ${static_failed[*]} (see their output above)"
  ((status != 0)) || status=1
fi
exit "$status"
