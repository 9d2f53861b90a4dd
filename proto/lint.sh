#!/usr/bin/env bash
# Lints the contracts with the pinned buf CLI. Needs `./mvnw generate-sources -pl proto` first
# (for target/imported-protos); the full build does that.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/../tools/buf"
if [ ! -x "$tools/node_modules/.bin/buf" ]; then
  # The CLI ships per platform as optional packages; a lock file would pin only this one, so the
  # version is pinned in package.json instead.
  (cd "$tools" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi
cd "$here"
"$tools/node_modules/.bin/buf" lint
echo "buf lint: contracts clean"
