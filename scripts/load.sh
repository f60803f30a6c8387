#!/usr/bin/env bash
# Runs the load tool (cmd/tntload): installs tarantool if missing, starts a
# private one with wal_mode='none', measures box, database/sql and net.box
# on every row, prints the table and stops the server. Flags go to
# tntload (see `go run ./cmd/tntload -h`), for example:
#   scripts/load.sh -c 300 -n 200000 -duration 10s -rows ping,select
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
go build -o "${TMPDIR:-/tmp}/tntload.$$" ./cmd/tntload
trap 'rm -f "${TMPDIR:-/tmp}/tntload.$$"' EXIT
"${TMPDIR:-/tmp}/tntload.$$" "$@"
