#!/usr/bin/env bash
# Grain turn cost and grain memory on Redis.
#   bench/grains/run.sh [--dotnet] [TURNS]
# 1. Cost, fully pipelined (redis-cli --pipe, one connection), in one run against one
#    redis-server (AOF off, to measure the turn and not the disk): plain INCR (the peer), an
#    empty EVALSHA (Lua's fixed cost), the source-IP Admit turn and the gateway Admit turn,
#    with the arguments Cluster.Grains sends. Reported as wall-clock ops/s and as Redis's own
#    time per call (INFO commandstats), each as a ratio to INCR. Target: <= 3x INCR.
# 2. Memory: INFO used_memory before/after 100,000 source-IP grains and 100,000 registration
#    bindings (target <= 512 bytes each), then shows that idle source-IP grains expire.
# 3. With --dotnet: the same turns through the .NET grain client (BenchmarkDotNet,
#    bench/Cluster.Bench/GrainTurnBenchmarks.cs), many calls in flight on one connection,
#    against INCR on the same client: the cost an edge actually sees.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOTNET=0
if [ "${1:-}" = "--dotnet" ]; then DOTNET=1; shift; fi
TURNS=${1:-500000}
LUA=Cluster.Grains/Lua
GEN=bench/grains/gen_resp.py
DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no --daemonize no >"$DIR/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null; rm -rf "$DIR"' EXIT
cli() { redis-cli -p "$PORT" "$@"; }
for _ in $(seq 100); do cli PING >/dev/null 2>&1 && break; sleep 0.05; done

SRC_SHA=$(cli SCRIPT LOAD "$(cat $LUA/source_ip.lua)")
REG_SHA=$(cli SCRIPT LOAD "$(cat $LUA/endpoint.lua)")
FLOOR_SHA=$(cli SCRIPT LOAD "return 1")
NOW=$(($(date +%s) * 1000))

run_case() { # name, generator kind, sha, command name in commandstats
  local name=$1 kind=$2 sha=$3 cmd=$4
  python3 "$GEN" "$kind" "$TURNS" "$NOW" "$sha" >"$DIR/cmds"
  cli CONFIG RESETSTAT >/dev/null
  local t0 t1
  t0=$(date +%s.%N)
  cli --pipe <"$DIR/cmds" >/dev/null
  t1=$(date +%s.%N)
  local usec
  usec=$(cli INFO commandstats | tr -d '\r' | grep "^cmdstat_$cmd:" | sed -E 's/.*usec_per_call=([0-9.]+).*/\1/')
  echo "$name|$(python3 -c "print($TURNS / ($t1 - $t0))")|$usec"
}

echo "redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/'), $(nproc) cores, $TURNS calls per case, redis-cli --pipe, AOF off"
{
  run_case "INCR (peer)" incr "" incr
  run_case "floor: empty EVALSHA, same args" eval_floor "$FLOOR_SHA" evalsha
  run_case "source-IP Admit, new grains" source_ip "$SRC_SHA" evalsha
  run_case "source-IP Admit, 100k live grains" source_ip_hot "$SRC_SHA" evalsha
  # the gateway grain runs on Orleans now (Cluster.Grains/Gateway/GatewayGrain.cs): no Lua turn to measure here
} | python3 -c '
import sys
rows = [l.strip().split("|") for l in sys.stdin if "|" in l]
base_ops, base_us = float(rows[0][1]), float(rows[0][2])
print("%-36s %10s %8s %15s %8s" % ("case", "ops/s", "vs INCR", "server us/call", "vs INCR"))
for name, ops, us in rows:
    print("%-36s %10s %7.2fx %15.2f %7.2fx" % (name, format(float(ops), ",.0f"), base_ops / float(ops), float(us), float(us) / base_us))
'

mem() { cli INFO memory | tr -d '\r' | grep '^used_memory:' | cut -d: -f2; }
N=100000
cli FLUSHALL >/dev/null
BASE=$(mem)
python3 "$GEN" source_ip "$N" "$NOW" "$SRC_SHA" | cli --pipe >/dev/null
AFTER=$(mem)
echo "source-IP grains: $(cli DBSIZE) keys, $(( (AFTER - BASE) / N )) bytes per grain; $(cli INFO keyspace | tr -d '\r' | grep ^db0)"

cli FLUSHALL >/dev/null
BASE=$(mem)
python3 "$GEN" register "$N" "$NOW" "$REG_SHA" | cli --pipe >/dev/null
AFTER=$(mem)
echo "registration bindings: $(cli DBSIZE) endpoints with one binding, $(( (AFTER - BASE) / N )) bytes per binding; $(cli INFO keyspace | tr -d '\r' | grep ^db0)"

# idle expiry: the same grains with a 1 s idle expiry (kept 1-1.5 s) are gone shortly after
cli FLUSHALL >/dev/null
python3 "$GEN" source_ip 10000 "$NOW" "$SRC_SHA" 1000 | cli --pipe >/dev/null
BEFORE=$(cli DBSIZE)
sleep 3
echo "idle expiry: $BEFORE source-IP grains with idle_expiry 1 s -> $(cli DBSIZE) keys 3 s later"

if [ "$DOTNET" = 1 ]; then
  cli FLUSHALL >/dev/null
  GRAIN_BENCH_REDIS="127.0.0.1:$PORT" dotnet run -c Release --project bench/Cluster.Bench -- --filter '*GrainTurn*' 2>&1 \
    | grep -E '^\| *(Method|Incr|SourceIpAdmit|GatewayAdmit|-)' || true
fi
