#!/usr/bin/env bash
# Runs the whole test suite against a real Tarantool (installed if missing):
# gofmt, go mod tidy (nothing to change), go vet (also for GOARCH=386),
# go test -race on every package, the same for every adapter module under
# contrib/ (each its own go.mod), and a bounded run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

unformatted=$(gofmt -l . | grep -v '/testdata/' || true)
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi
# go.mod must say what the code imports: nothing for tidy to change.
if ! go mod tidy -diff; then
	echo "go mod tidy would change go.mod or go.sum (diff above)" >&2
	exit 1
fi
go vet ./...
# The code must build where int has 32 bits too (sizes near the protocol's
# 2 GiB limit, ids up to MaxUint32).
GOARCH=386 go vet ./...
go test -race -count=1 ./...

# The adapter modules: each has its own go.mod (with a replace directive
# to this one), so ./... above does not reach them.
for mod in contrib/*/go.mod; do
	[ -e "$mod" ] || continue
	dir=$(dirname "$mod")
	echo "module $dir"
	(
		cd "$dir"
		if ! go mod tidy -diff; then
			echo "go mod tidy would change $dir/go.mod or go.sum (diff above)" >&2
			exit 1
		fi
		go vet ./...
		go test -race -count=1 ./...
	)
done

# A budget in executions, not seconds: with a duration, Go 1.26's fuzz
# coordinator can fail a target at the deadline with a bare "context
# deadline exceeded" and no failing input (golang/go#75804, fixed in 1.27).
fuzztime=${FUZZTIME:-200000x}
started=$(mktemp)
trap 'rm -f "$started"' EXIT
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzz $pkg $target, $fuzztime"
		if ! out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" 2>&1); then
			echo "$out" >&2
			# A failing input is written under testdata/fuzz; print it, as
			# a CI machine's files are gone once the run ends.
			find . -path '*/testdata/fuzz/*' -type f -newer "$started" | while read -r f; do
				echo "--- $f" >&2
				cat "$f" >&2
			done
			exit 1
		fi
	done
done
echo "all tests passed"
