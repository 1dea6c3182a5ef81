#!/usr/bin/env bash
# Mutation fuzzing of a live edge (with Redis behind it) for longer than ./test.sh does: zzuf-mutated corpus
# messages over UDP and TCP, an OPTIONS probe over both between batches, RSS and managed heap before (after a
# warm-up fuzz of a quarter of the time), at peak and after the edge settled and ran full GCs.
# It runs the suite's fuzz test (Cluster.Tests/Fuzzing/EdgeFuzzTests.cs) with FUZZ_SECONDS, so the asserts are
# the same: no crash, OPTIONS always answered, no exception logged or counted, memory back near the baseline.
#
#   bench/fuzz/run.sh [--seconds N] [--seed S]      (default 120 s, seed 1300; figures in bench/fuzz/results/)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=120
seed=1300
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: bench/fuzz/run.sh [--seconds N] [--seed S]" >&2; exit 2 ;;
  esac
done

need=()
command -v zzuf >/dev/null || need+=(zzuf)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p bench/fuzz/results
report="bench/fuzz/results/$(date -u +%Y-%m-%d-%H%M)-${seconds}s-seed${seed}.txt"
dotnet build Cluster.sln -c Release -nologo -v quiet
FUZZ_SECONDS="$seconds" FUZZ_SEED="$seed" FUZZ_REPORT="$PWD/$report" \
  dotnet test Cluster.Tests/Cluster.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~Cluster.Tests.Fuzzing.EdgeFuzzTests" --logger "console;verbosity=normal"
echo "--- $report"
cat "$report"
