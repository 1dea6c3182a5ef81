#!/usr/bin/env bash
# Digest REGISTER benchmark: Kamailio 5.6 (auth + pv_auth_check, usrloc in memory, registrar,
# pike) vs Cluster.Edge (with one silo and its own Redis), SIPp rate ladder.
#
#   bench/register/run.sh [--no-build] [--only kamailio|edge] [--rates "2000 4000 ..."]
#                         [--secs 5] [--out DIR]
#
# One "call" of SIPp is one registration with the 401 round trip included: REGISTER -> 401
# (challenge) -> REGISTER with credentials -> 200 (bench/sipp/register_digest.xml), for the
# accounts 1000..10999 of bench/bench.yaml (password "secret", bench/sipp/accounts.sh), taken in
# order and cycled. The rates below are registrations per second (2 REGISTERs each).
#
# Starts both targets (Kamailio from bench/register/kamailio.cfg with the generated password
# htable bench/register/kamailio-accounts.sh; the edge from EDGE_DLL with bench/bench.yaml, a
# silo from SILO_DLL with the same file and a private redis-server), then runs SIPp at rising rates,
# each step lasting --secs seconds (-m rate*secs); at every rate it measures kamailio, then the edge
# (interleaved, so both see the same machine noise). Redis is no longer emptied between steps: it
# holds the Orleans membership table, and the grains' state lives in the silo's memory (every step
# refreshes the same 10,000 bindings). A target's
# ladder stops at the first rate whose success (successful registrations / registrations
# started) stays below 99.9 % after RETRIES re-runs. It prints, per target, the highest rate
# sustained at >= 99.9 % (the rate SIPp actually achieved) and the ratio edge/kamailio.
# Per step it shows the server's CPU (% of one core; for the edge: edge + silo + Redis), us of server
# CPU per registration, the silo's and Redis' shares (silo%, redis%), the edge's grain calls per registration
# (grain/reg), SIPp's CPU, the CPU of unrelated processes (other-cpu%) and UDP receive-buffer
# drops at the server socket (srv-drop) and elsewhere (oth-drop: in practice SIPp's socket).
# For every edge step the step directory also holds the edge's and the silo's per-thread CPU
# (threads.txt, silo-threads.txt),
# Redis INFO commandstats (redis-commandstats.txt) and the edge's /metrics before and after.
#
# Shared code: bench/lib/harness.sh (its header lists the overrides common to all ladders).
# Environment overrides:
#   EDGE_DLL     edge assembly (default Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll;
#                setting it skips the build), e.g. a build of main (SILO_DLL defaults to the silo
#                beside it):
#                dotnet build /work/main/Cluster.Edge -c Release -o /tmp/main-reg &&
#                dotnet build /work/main/Cluster.Silo -c Release -o /tmp/main-reg &&
#                EDGE_DLL=/tmp/main-reg/Cluster.Edge.dll bench/register/run.sh
#   EDGE_CONFIG  edge config (default bench/bench.yaml; 127.0.0.1 must be trusted)
#   KAM_PORT (5190), EDGE_PORT (5191), REDIS_PORT (6491), METRICS_PORT (9191), SILO_PORT (11191),
#   GATEWAY_PORT (30091), ADMIN_PORT (8191),
#   SIPP_PORT_BASE (5260), THRESHOLD (99.9), WARMUP_RATE (4000), WARMUP_SECS (15: long enough for the .NET processes to finish tiered compilation before a measured step),
#   RECV_TIMEOUT_MS (5000), READY_TIMEOUT_S (90),
#   RETRIES (1: a step below the threshold is run once more before the ladder stops; the
#   VM shows short stalls that drop packets), MAX_TRIES (5), QUIET_MAX_CPU (25: before each
#   step, wait up to QUIET_WAIT_S (120) s until unrelated processes use <= this % of one
#   core; a failed try during which they used more is marked "machine busy" and does not
#   count against RETRIES), KAM_CHILDREN (2, Kamailio UDP workers, -n), KAM_PKG_MB (64: the
#   10,000-line account route needs more than the default private memory), SIPP_EXTRA (extra
#   SIPp arguments), TASKSET_SIPP / TASKSET_SERVER (CPU list for taskset -c; default unpinned)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SCENARIO="$ROOT/bench/sipp/register_digest.xml"
KAM_CFG=${KAM_CFG:-$ROOT/bench/register/kamailio.cfg}

RATES="2000 4000 6000 8000 9000 10000 12000 14000 16000 18000 20000 22000 25000 28000 32000"
SECS=5
KAM_PORT=${KAM_PORT:-5190}
EDGE_PORT=${EDGE_PORT:-5191}
REDIS_PORT=${REDIS_PORT:-6491}
METRICS_PORT=${METRICS_PORT:-9191}
SILO_PORT=${SILO_PORT:-11191}
GATEWAY_PORT=${GATEWAY_PORT:-30091}
ADMIN_PORT=${ADMIN_PORT:-8191}
SIPP_PORT_BASE=${SIPP_PORT_BASE:-5260}
WARMUP_RATE=${WARMUP_RATE:-4000}
WARMUP_SECS=${WARMUP_SECS:-15}
RECV_TIMEOUT_MS=${RECV_TIMEOUT_MS:-5000}
KAM_PKG_MB=${KAM_PKG_MB:-64}
EDGE_CONFIG=${EDGE_CONFIG:-bench/bench.yaml}
# shellcheck source=bench/lib/harness.sh
source "$ROOT/bench/lib/harness.sh"

ladder_init register reg "$@"

sipp_args() { echo "-inf $ACCOUNTS -i 127.0.0.1"; }
kamailio_target() {
  # The config imports accounts.cfg from its own directory: run a copy next to the generated file.
  mkdir -p "$OUT/kamailio-run"
  cp "$KAM_CFG" "$OUT/kamailio-run/kamailio.cfg"
  "$ROOT/bench/register/kamailio-accounts.sh" "$EDGE_CONFIG" >"$OUT/kamailio-run/accounts.cfg"
  start_kamailio kamailio "$KAM_PORT" -f "$OUT/kamailio-run/kamailio.cfg" -m 256 -M "$KAM_PKG_MB"
}

harness_build
ACCOUNTS="$OUT/accounts.csv"
"$ROOT/bench/sipp/accounts.sh" >"$ACCOUNTS"

log_header "digest REGISTER benchmark (REGISTER -> 401 -> REGISTER with credentials -> 200)"
log "accounts: $(($(wc -l <"$ACCOUNTS") - 1)) (bench/sipp/accounts.sh, cycled in order); config $EDGE_CONFIG"
log "steps: ${SECS}s each, threshold ${THRESHOLD}%, retries: $RETRIES, rates (registrations/s): $RATES"
log "kamailio children: $KAM_CHILDREN, sipp cpus: ${TASKSET_SIPP:-any}, server cpus: ${TASKSET_SERVER:-any}${SIPP_EXTRA:+, sipp extra: $SIPP_EXTRA}"
log_load

# ---- start every target, then interleave them step by step (same noise for both) ------
start_targets
run_ladder
ladder_result "achieved registrations/s, 401 round trip included" "REGISTER/s" "registration"
log "details: $OUT (per step: SIPp stats; edge steps also threads.txt, silo-threads.txt, redis-commandstats.txt, metrics-*.txt)"
