#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Go:
# Tarantool (Debian's package) unless TARANTOOL_BIN or PATH already has one,
# and the Go modules.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TARANTOOL_BIN:-}" ] && ! command -v tarantool >/dev/null 2>&1; then
	echo "installing tarantool with apt-get" >&2
	SUDO=""
	if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tarantool >/dev/null
fi
if [ -n "${TARANTOOL_BIN:-}" ]; then
	"$TARANTOOL_BIN" --version | head -1
else
	tarantool --version | head -1
fi
go mod download
