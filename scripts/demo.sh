#!/usr/bin/env bash
# The README's first command: installs what is missing, starts the local servers and all four services,
# serves the two seed pages (as text and as HTML) on loopback, pushes their URLs, follows them through the
# pipeline and prints the stored articles from MongoDB. The stack keeps running afterwards
# (`npm run stack:down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "demo: starting the local stack (servers + services)"
node_modules/.bin/tsx deploy/local/stack.ts up
# The pushes and the read-back go to the servers the stack just started, on whatever ports they were given
# (KAFKA_PORT, REDIS_PORT, MONGO_PORT), unless KAFKA_BROKERS points the stack at other servers.
if [ -z "${KAFKA_BROKERS:-}" ]; then
  set -a
  # shellcheck source=/dev/null
  source <(bash deploy/local/env)
  set +a
fi
exec node_modules/.bin/tsx scripts/demo.ts "$@"
