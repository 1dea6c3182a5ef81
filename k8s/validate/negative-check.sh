#!/usr/bin/env bash
# Hand-run self-test of k8s/check.sh (not part of ./test.sh): breaks a copy of k8s/
# in one way at a time and expects check.sh to fail with the matching message.
# Usage: bash k8s/validate/negative-check.sh
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"   # k8s/
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -d "$here/validate/node_modules" ] || (cd "$here/validate" && npm ci --no-audit --no-fund --loglevel=error)

passed=0; failed=0
# case NAME EXPECTED_OUTPUT_REGEX FILE SED_EXPRESSION
case_() {
  local name="$1" expect="$2" file="$3" expr="$4"
  rm -rf "$work/k8s" && mkdir "$work/k8s"
  (cd "$here" && tar --exclude=validate/node_modules -cf - .) | tar -xf - -C "$work/k8s"
  ln -s "$here/validate/node_modules" "$work/k8s/validate/node_modules"
  sed -i -e "$expr" "$work/k8s/$file"
  if cmp -s "$here/$file" "$work/k8s/$file"; then
    echo "FAIL $name: the edit changed nothing in $file"; failed=$((failed + 1)); return
  fi
  local out rc
  out="$(bash "$work/k8s/check.sh" 2>&1)"; rc=$?
  if [ "$rc" -ne 0 ] && grep -Eq "$expect" <<<"$out"; then
    echo "ok   $name: check.sh exit $rc, $(grep -E "$expect" <<<"$out" | head -1)"
    passed=$((passed + 1))
  else
    echo "FAIL $name: check.sh exit $rc, expected /$expect/ in:"; sed 's/^/     /' <<<"$out"
    failed=$((failed + 1))
  fi
}

case_ "(a) missing resource file"     'does not build'                         kustomization.yaml 's#edge/pdb.yaml#edge/nope.yaml#'
case_ "(b) string where int expected" 'schema: .*averageUtilization must be integer' edge/hpa.yaml 's/averageUtilization: 60/averageUtilization: "sixty"/'
case_ "(b) bad enum"                  'Service/edge-sip: schema: .*protocol'   edge/service.yaml '0,/protocol: UDP/s//protocol: SCTPX/'
case_ "(b) required field missing"    'Deployment/silo: schema: .*selector'    silo/deployment.yaml '/^  selector:/,/^  strategy:/{/^  strategy:/!d}'
case_ "(c) latest tag"                'redis:latest.*latest tag'               kustomization.yaml 's/newTag: 7.2.7/newTag: latest/'
case_ "(c) untagged image"            'cluster-silo.*has no tag'               kustomization.yaml '/newName: cluster-silo/{n;d}'
case_ "(d) liveness probe missing"    'silo container silo: probes: livenessProbe missing' silo/deployment.yaml 's/livenessProbe:/livenessProbeTypo:/'
case_ "(d) readiness probe missing"   'edge container edge: probes: readinessProbe missing' edge/deployment.yaml 's/readinessProbe:/readinessProbeTypo:/'
case_ "(d) limits missing"            'redis container redis: resources: resources.limits' redis/statefulset.yaml 's/^            limits:/            limitz:/'
case_ "(d) initContainer w/o resources" 'initContainer wait: resources: resources.requests' redis/statefulset.yaml 's/^      containers:/      initContainers:\n        - name: wait\n          image: busybox:1.36\n          command: ["true"]\n      containers:/'
case_ "(e) source IPs lost"           'source-ip: .*externalTrafficPolicy: Local' edge/service.yaml 's/externalTrafficPolicy: Local/externalTrafficPolicy: Cluster/'

case_ "(f) silo grace too short"      'silo-shutdown: terminationGracePeriodSeconds 30 must exceed' silo/deployment.yaml 's/terminationGracePeriodSeconds: 45/terminationGracePeriodSeconds: 30/'
case_ "(f) silo preStop too long"     'silo-shutdown: .*preStop 20 s' silo/deployment.yaml 's/command: \["sleep", "5"\]/command: ["sleep", "20"]/'
case_ "(g) silo advertises loopback"  'silo-advertise: args need --advertise' silo/deployment.yaml 's/- \$(POD_IP)/- 127.0.0.1/'
case_ "(g) POD_IP not from downward API" 'silo-advertise: env POD_IP' silo/deployment.yaml 's/fieldPath: status.podIP/fieldPath: status.hostIP/'
case_ "(g) gateway port missing"      'silo-ports: containerPort 30000' silo/deployment.yaml 's/containerPort: 30000/containerPort: 30001/'

echo "negative-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
