#!/usr/bin/env bash
# Manifest checks for k8s/ (./test.sh calls this). Exits non-zero with a message on
# the first failing step:
#   (a) `kubectl kustomize k8s` builds (kubectl is installed from Debian's
#       kubernetes-client when missing),
#   (b) every rendered object validates against the Kubernetes schemas offline
#       (npm kubernetes-models, k8s/validate/validate.mjs),
#   (c) no image tagged `latest` or untagged,
#   (d) every container has resources.requests/limits and readiness+liveness probes,
#   (e) LoadBalancer Services keep client source IPs (externalTrafficPolicy: Local),
#   (f) silo pods' grace period exceeds their preStop sleep + the host's 30 s shutdown,
#   (g) silos advertise their pod IP (downward API) and declare ports 11111 and 30000.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

die() { echo "k8s/check.sh: FAIL: $*" >&2; exit 1; }
step() { echo "k8s/check.sh: $*"; }

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq || die "apt-get update failed"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# (a) kustomize build
if ! command -v kubectl >/dev/null 2>&1; then
  step "kubectl missing: installing Debian's kubernetes-client"
  apt_install kubernetes-client
  command -v kubectl >/dev/null 2>&1 || die "kubectl still missing after installing kubernetes-client"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  step "node/npm missing: installing Debian's nodejs and npm"
  apt_install nodejs npm
fi

rendered="$(mktemp)"
trap 'rm -f "$rendered"' EXIT
if ! kubectl kustomize k8s >"$rendered" 2>"$rendered.err"; then
  cat "$rendered.err" >&2; rm -f "$rendered.err"
  die "(a) kubectl kustomize k8s does not build"
fi
rm -f "$rendered.err"
[ -s "$rendered" ] || die "(a) kubectl kustomize k8s rendered nothing"
step "(a) kubectl kustomize k8s builds ($(grep -c '^kind:' "$rendered") objects)"

# (b)-(e) offline validation
if [ ! -d k8s/validate/node_modules/kubernetes-models ] || [ ! -d k8s/validate/node_modules/yaml ] \
   || [ k8s/validate/package-lock.json -nt k8s/validate/node_modules/.package-lock.json ]; then
  step "installing the validator's packages (npm ci)"
  (cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in k8s/validate failed"
fi
node k8s/validate/validate.mjs "$rendered" \
  || die "(b)-(e) the rendered manifests failed validation (see FAIL lines above)"

step "all manifest checks passed in $((SECONDS - started)) s"
