#!/usr/bin/env bash
# Writes a SIPp injection file of bench/bench.yaml's accounts for 1000..10999: "user;password;[authentication …]".
# SIPp does not expand [field] inside [authentication], so the third field carries the whole keyword.
# Usage: bench/sipp/accounts.sh [FIRST] [LAST] [PASSWORD] > accounts.csv
first=${1:-1000}; last=${2:-10999}; password=${3:-secret}
echo "SEQUENTIAL"
seq "$first" "$last" | sed "s/.*/&;$password;[authentication username=& password=$password]/"
