#!/usr/bin/env bash
# Grain turn cost and grain memory on Redis.
#   bench/grains/run.sh [REQUESTS]
# 1. Throughput, pipelined (redis-benchmark -P 64, 50 clients), in one run against one
#    redis-server: plain INCR vs the source-IP Admit turn vs the gateway Admit turn (EVALSHA
#    of the real Lua bodies with the arguments Cluster.Grains sends). Prints each turn's cost
#    as a ratio to INCR (target <= 3x).
# 2. Memory: INFO used_memory before/after 100,000 source-IP grains and 100,000 registration
#    bindings (target <= 512 bytes each), then shows that idle source-IP grains expire.
# 3. With --dotnet: the same turns through the .NET grain client (BenchmarkDotNet,
#    bench/Cluster.Bench/GrainTurnBenchmarks.cs), pipelined on one connection, against INCR
#    on the same client: the cost an edge actually sees.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOTNET=0
if [ "${1:-}" = "--dotnet" ]; then DOTNET=1; shift; fi
REQUESTS=${1:-1000000}
LUA=Cluster.Grains/Lua
DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no --daemonize no >"$DIR/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null; rm -rf "$DIR"' EXIT
cli() { redis-cli -p "$PORT" "$@"; }
for _ in $(seq 100); do cli PING >/dev/null 2>&1 && break; sleep 0.05; done

SRC_SHA=$(cli SCRIPT LOAD "$(cat $LUA/source_ip.lua)")
GW_SHA=$(cli SCRIPT LOAD "$(cat $LUA/gateway.lua)")
REG_SHA=$(cli SCRIPT LOAD "$(cat $LUA/endpoint.lua)")
NOW=$(($(date +%s) * 1000))

case_() { # name, then the command; prints "name ops/s usec-per-call" (server time from INFO commandstats)
  local name=$1; shift
  cli CONFIG RESETSTAT >/dev/null
  local ops
  ops=$(redis-benchmark -p "$PORT" -q -P 64 -c 50 -n "$REQUESTS" -r 100000 "$@" | tr '\r' '\n' | grep 'requests per second' | tail -1 | sed -E 's/.*: ([0-9.]+) requests per second.*/\1/')
  local cmd
  cmd=$(echo "$1" | tr 'A-Z' 'a-z')
  local usec
  usec=$(cli INFO commandstats | tr -d '\r' | grep "^cmdstat_$cmd:" | sed -E 's/.*usec_per_call=([0-9.]+).*/\1/')
  echo "$name|$ops|$usec"
}

echo "redis-server $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/'), $(nproc) cores, $REQUESTS requests per case, pipeline 64, 50 clients, AOF off"
FLOOR1=$(cli SCRIPT LOAD "return 1")
FLOOR2=$(cli SCRIPT LOAD "redis.call('GET', KEYS[1]) return 1")
{
  case_ "INCR (peer)" INCR "ctr:{__rand_int__}"
  case_ "floor: EVALSHA 'return 1'" EVALSHA "$FLOOR1" 1 "x:{__rand_int__}"
  case_ "floor: EVALSHA one GET" EVALSHA "$FLOOR2" 1 "x:{__rand_int__}"
  # source-IP Admit of a REGISTER from one of 100,000 addresses (buckets, pike counters, one GET + one SET PX)
  case_ "source-IP Admit" EVALSHA "$SRC_SHA" 1 "ip:{__rand_int__}" admit "$NOW" 1 20 50 5 10 10 20 2000 100 3 600000 30000
  # gateway Admit: one gateway, 100,000 Call-IDs, no CPS or line limit, so every call takes a lease
  case_ "gateway Admit, lease taken" EVALSHA "$GW_SHA" 3 "gw:{bench}" "gw:{bench}:lines" "gw:{bench}:adm" admit "$NOW" "call-__rand_int__" 0 1 0 7260000
  cli DEL "gw:{bench2}" "gw:{bench2}:lines" "gw:{bench2}:adm" >/dev/null
  # the same with a line limit of 1000: once full, calls are refused after one ZCOUNT and one ZSCORE
  case_ "gateway Admit, line limit 1000" EVALSHA "$GW_SHA" 3 "gw:{bench2}" "gw:{bench2}:lines" "gw:{bench2}:adm" admit "$NOW" "call-__rand_int__" 0 1 1000 7260000
} | python3 -c '
import sys
rows = [l.strip().split("|") for l in sys.stdin if "|" in l]
base_ops, base_us = float(rows[0][1]), float(rows[0][2])
print("%-34s %10s %8s %15s %8s" % ("case", "ops/s", "vs INCR", "server us/call", "vs INCR"))
for name, ops, us in rows:
    print(f"{name:34} {float(ops):10,.0f} {base_ops/float(ops):7.2f}x {float(us):15.2f} {float(us)/base_us:7.2f}x")
'

mem() { cli INFO memory | tr -d '\r' | grep '^used_memory:' | cut -d: -f2; }
N=100000
cli FLUSHALL >/dev/null
BASE=$(mem)
python3 bench/grains/gen_resp.py source_ip "$SRC_SHA" "$N" "$NOW" | cli --pipe >/dev/null
AFTER=$(mem)
KEYS=$(cli DBSIZE)
echo "source-IP grains: $KEYS keys, $(( (AFTER - BASE) / N )) bytes per grain; $(cli INFO keyspace | tr -d '\r' | grep ^db0)"

cli FLUSHALL >/dev/null
BASE=$(mem)
python3 bench/grains/gen_resp.py register "$REG_SHA" "$N" "$NOW" | cli --pipe >/dev/null
AFTER=$(mem)
KEYS=$(cli DBSIZE)
echo "registration bindings: $KEYS endpoints with one binding, $(( (AFTER - BASE) / N )) bytes per binding; $(cli INFO keyspace | tr -d '\r' | grep ^db0)"

# idle expiry: the same grains with a 1 s idle expiry are gone shortly after
cli FLUSHALL >/dev/null
python3 bench/grains/gen_resp.py source_ip "$SRC_SHA" 10000 "$NOW" 1000 | cli --pipe >/dev/null
BEFORE=$(cli DBSIZE)
sleep 2.5
echo "idle expiry: $BEFORE source-IP grains with idle_expiry 1 s -> $(cli DBSIZE) keys 2.5 s later"

if [ "$DOTNET" = 1 ]; then
  cli FLUSHALL >/dev/null
  GRAIN_BENCH_REDIS="127.0.0.1:$PORT" dotnet run -c Release --project bench/Cluster.Bench -- --filter '*GrainTurn*' --join 2>&1 \
    | grep -E '^\| *(Method|Incr|SourceIpAdmit|GatewayAdmit|-)' || true
fi
