#!/usr/bin/env bash
# Writes a SIPp injection file of bench/bench.yaml's accounts: "user;password" for 1000..10999.
# Usage: bench/sipp/accounts.sh [FIRST] [LAST] [PASSWORD] > accounts.csv
first=${1:-1000}; last=${2:-10999}; password=${3:-secret}
echo "SEQUENTIAL"
seq "$first" "$last" | sed "s/\$/;$password/"
