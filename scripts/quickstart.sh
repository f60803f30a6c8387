#!/usr/bin/env bash
# Installs what is needed, starts a local Tarantool in a temporary
# directory, runs examples/quickstart against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
go run ./internal/cmd/tntlocal -- go run ./examples/quickstart
