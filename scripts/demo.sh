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
exec node_modules/.bin/tsx scripts/demo.ts "$@"
