#!/usr/bin/env bash
# Runs one Cluster.Admin command inside the cluster, in a throw-away pod that meets the
# namespace's `restricted` Pod Security Standard and gets the admin token from the Secret.
#   k8s/admin.sh endpoint list
#   k8s/admin.sh --json ip show 203.0.113.7
#   ADMIN_IMAGE=registry.example.com/voip/cluster-admin:0.1.0 k8s/admin.sh gateway stats vendorA
set -euo pipefail
ns="${NAMESPACE:-softswitch}"
image="${ADMIN_IMAGE:-cluster-admin:0.1.0}"
name="cluster-admin-$$"   # the pod and its container
overrides='{"apiVersion":"v1","spec":{
  "securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},
  "containers":[{"name":"'"$name"'",
    "env":[{"name":"CLUSTER_ADMIN_TOKEN","valueFrom":{"secretKeyRef":{"name":"cluster-credentials","key":"CLUSTER_ADMIN_TOKEN"}}}],
    "resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},
    "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}'
tty=(-i); [ -t 0 ] && tty=(-it)
exec kubectl -n "$ns" run "$name" --rm "${tty[@]}" --restart=Never --quiet \
  --image="$image" --labels=app.kubernetes.io/component=admin,app.kubernetes.io/part-of=softswitch \
  --override-type=strategic --overrides="$overrides" \
  -- --silo http://silo:8080 "$@"
