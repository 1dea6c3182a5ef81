// Offline checks of the rendered kustomize output (`kubectl kustomize k8s`):
//   (b) every object validates against the Kubernetes schemas (kubernetes-models),
//   (c) every image has a pinned tag (or digest) and no `latest`,
//   (d) every container has resources.requests and resources.limits (cpu and memory)
//       and readiness and liveness probes; an initContainer needs the resources, and
//       the probes too when it is a restartable sidecar (restartPolicy: Always), since
//       the API server rejects probes on plain init containers,
//   (e) every LoadBalancer Service keeps client source IPs (externalTrafficPolicy: Local),
//       which the per-IP limits, blocks and IP authentication depend on,
//   (f) every silo pod (label app.kubernetes.io/component: silo) gets a grace period longer than its
//       preStop sleep plus the host's 30 s shutdown timeout, so the kubelet never SIGKILLs a silo
//       while it leaves the Orleans cluster,
//   (g) every silo container advertises its pod IP (--advertise $(POD_IP), POD_IP from the downward
//       API status.podIP) and declares the silo (11111) and gateway (30000) ports.
// kubernetes-models checks types, enums, formats and required fields; it does not
// reject unknown fields (the API server does, with kubectl's default strict validation).
// Usage: node validate.mjs RENDERED.yaml   (or the YAML on stdin). Exit 1 on any failure.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const source = readFileSync(process.argv[2] ?? 0, "utf8");
const failures = [];
const fail = (where, check, msg) => failures.push(`${where}: ${check}: ${msg}`);

const docs = parseAllDocuments(source);
const objects = [];
for (const [i, doc] of docs.entries()) {
  if (doc.errors.length) {
    fail(`document ${i + 1}`, "yaml", doc.errors.map((e) => e.message).join("; "));
    continue;
  }
  const obj = doc.toJS();
  if (obj !== null && obj !== undefined) objects.push(obj);
}
if (objects.length === 0) fail("input", "yaml", "no Kubernetes objects found");

// apiVersion "apps/v1" -> kubernetes-models/apps/v1/Kind; "v1" -> kubernetes-models/v1/Kind
async function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  const spec = `kubernetes-models/${apiVersion}/${kind}`;
  try {
    const mod = await import(spec);
    return mod[kind] ?? null;
  } catch {
    return null;
  }
}

function podSpecOf(obj) {
  switch (obj.kind) {
    case "Pod": return obj.spec;
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet":
    case "ReplicationController": case "Job": case "PodTemplate":
      return obj.kind === "PodTemplate" ? obj.template?.spec : obj.spec?.template?.spec;
    case "CronJob": return obj.spec?.jobTemplate?.spec?.template?.spec;
    default: return undefined;
  }
}

function checkImage(where, image) {
  if (typeof image !== "string" || image.length === 0) return fail(where, "image", "no image");
  const [nameTag, digest] = image.split("@");
  const lastPart = nameTag.slice(nameTag.lastIndexOf("/") + 1); // a registry port is not a tag
  const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : null;
  if (tag === "latest") return fail(where, "image", `"${image}" uses the latest tag`);
  if (!tag && !digest) return fail(where, "image", `"${image}" has no tag (pin one, e.g. name:1.2.3)`);
}

function checkContainer(where, c, needProbes) {
  const r = c.resources ?? {};
  for (const section of ["requests", "limits"]) {
    for (const res of ["cpu", "memory"]) {
      if (r[section]?.[res] === undefined) fail(where, "resources", `resources.${section}.${res} missing`);
    }
  }
  if (needProbes) {
    if (!c.readinessProbe) fail(where, "probes", "readinessProbe missing");
    if (!c.livenessProbe) fail(where, "probes", "livenessProbe missing");
  }
}

// The silo's host shutdown timeout (.NET's default HostOptions.ShutdownTimeout; Cluster.Silo keeps it).
const SILO_HOST_SHUTDOWN_S = 30;

function preStopSleepSeconds(c) {
  const cmd = c.lifecycle?.preStop?.exec?.command;
  if (Array.isArray(cmd) && cmd[0] === "sleep" && /^[0-9]+$/.test(String(cmd[1]))) return Number(cmd[1]);
  return 0;
}

function checkSilo(id, pod) {
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  for (const c of pod.containers ?? []) {
    const where = `${id} container ${c.name}`;
    const need = preStopSleepSeconds(c) + SILO_HOST_SHUTDOWN_S;
    if (!(grace > need)) {
      fail(where, "silo-shutdown", `terminationGracePeriodSeconds ${grace} must exceed preStop ${preStopSleepSeconds(c)} s + the host's ${SILO_HOST_SHUTDOWN_S} s shutdown (> ${need})`);
    }
    const args = c.args ?? [];
    const at = args.indexOf("--advertise");
    if (at < 0 || args[at + 1] !== "$(POD_IP)") fail(where, "silo-advertise", "args need --advertise $(POD_IP)");
    const podIp = (c.env ?? []).find((e) => e.name === "POD_IP");
    if (podIp?.valueFrom?.fieldRef?.fieldPath !== "status.podIP") fail(where, "silo-advertise", "env POD_IP must come from fieldRef status.podIP");
    const ports = new Set((c.ports ?? []).map((p) => p.containerPort));
    for (const p of [11111, 30000]) if (!ports.has(p)) fail(where, "silo-ports", `containerPort ${p} missing`);
  }
}

let containers = 0;
for (const obj of objects) {
  const id = `${obj.kind ?? "?"}/${obj.metadata?.name ?? "?"}`;

  // (b) schema
  const Model = await modelClass(obj.apiVersion, obj.kind);
  if (!Model) {
    fail(id, "schema", `no kubernetes-models schema for apiVersion "${obj.apiVersion}" kind "${obj.kind}"`);
  } else {
    try {
      new Model(obj).validate();
    } catch (e) {
      fail(id, "schema", e.message.replace(/\n/g, "; "));
    }
  }

  // (e) source IPs
  if (obj.kind === "Service" && obj.spec?.type === "LoadBalancer" && obj.spec?.externalTrafficPolicy !== "Local") {
    fail(id, "source-ip", "a LoadBalancer Service needs externalTrafficPolicy: Local (client source IPs must survive)");
  }

  // (c), (d) pods
  const pod = podSpecOf(obj);
  if (pod === undefined) continue;
  const podLabels = obj.kind === "Pod" ? obj.metadata?.labels : obj.spec?.template?.metadata?.labels;
  if (podLabels?.["app.kubernetes.io/component"] === "silo") checkSilo(id, pod);
  for (const c of pod.containers ?? []) {
    containers++;
    const where = `${id} container ${c.name}`;
    checkImage(where, c.image);
    checkContainer(where, c, true);
  }
  for (const c of pod.initContainers ?? []) {
    containers++;
    const where = `${id} initContainer ${c.name}`;
    checkImage(where, c.image);
    checkContainer(where, c, c.restartPolicy === "Always");
  }
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  console.error(`validate.mjs: ${failures.length} failure(s) in ${objects.length} objects`);
  process.exit(1);
}
console.log(`validate.mjs: ${objects.length} objects valid against the Kubernetes schemas; ` +
  `${containers} containers with pinned images, resources and probes`);
