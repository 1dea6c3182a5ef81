#!/usr/bin/env bash
# Runs the softswitch on this machine: Redis (AOF on), one silo and one edge on 127.0.0.1:5060
# (UDP and TCP) with config/demo.yaml. Installs redis-server when missing. Ctrl-C stops all.
#
# Environment overrides: CONFIG (default config/demo.yaml), REDIS_PORT (6379), SIP_ADDR (127.0.0.1),
# SIP_PORT (5060), ADMIN_URL (http://127.0.0.1:8080), METRICS_URL (http://127.0.0.1:9090).
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=${CONFIG:-config/demo.yaml}
REDIS_PORT=${REDIS_PORT:-6379}
SIP_ADDR=${SIP_ADDR:-127.0.0.1}
SIP_PORT=${SIP_PORT:-5060}
ADMIN_URL=${ADMIN_URL:-http://127.0.0.1:8080}
METRICS_URL=${METRICS_URL:-http://127.0.0.1:9090}
STATE=run

if ! command -v redis-server >/dev/null; then
  echo "run.sh: installing redis-server"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

echo "run.sh: building (Release)"
dotnet build Cluster.sln -c Release -nologo -v quiet

mkdir -p "$STATE/redis"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "run.sh: stopped"
}
trap stop INT TERM EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$PWD/$STATE/redis" \
  --appendonly yes --save "" --daemonize no --logfile "$PWD/$STATE/redis/redis.log" &
pids+=($!)
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "run.sh: redis-server did not start (see $STATE/redis/redis.log)"; exit 1; }

bin=Release/net10.0
if [ -f "Cluster.Silo/bin/$bin/Cluster.Silo.dll" ]; then
  dotnet "Cluster.Silo/bin/$bin/Cluster.Silo.dll" --config "$CONFIG" --redis "127.0.0.1:$REDIS_PORT" --admin "$ADMIN_URL" &
  pids+=($!)
fi

dotnet "Cluster.Edge/bin/$bin/Cluster.Edge.dll" --config "$CONFIG" --redis "127.0.0.1:$REDIS_PORT" \
  --listen "udp:$SIP_ADDR:$SIP_PORT" --listen "tcp:$SIP_ADDR:$SIP_PORT" --metrics "$METRICS_URL" &
pids+=($!)

echo "run.sh: SIP on udp/tcp $SIP_ADDR:$SIP_PORT, metrics $METRICS_URL/metrics, admin $ADMIN_URL; Ctrl-C stops all"
wait -n "${pids[@]}" || true
