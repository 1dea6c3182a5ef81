#!/usr/bin/env bash
# Installs what the tests need (redis-server, SIPp, sipsak, SIPVicious) when missing, builds
# and runs the whole suite. .ci/run calls this on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v sipp >/dev/null || need+=(sip-tester)
command -v sipsak >/dev/null || need+=(sipsak)
command -v svmap >/dev/null || need+=(sipvicious)
command -v baresip >/dev/null || need+=(baresip-core)
command -v linphonec >/dev/null || need+=(linphone-cli)
command -v zzuf >/dev/null || need+=(zzuf)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Kubernetes manifests: kustomize builds, objects validate offline, pinned tags, probes and resources.
bash k8s/check.sh

dotnet build Cluster.sln -c Release -nologo -v quiet
dotnet test Cluster.Tests/Cluster.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" "$@"
