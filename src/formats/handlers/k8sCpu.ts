// Kubernetes and Kubeflow jobs that request no accelerator run on CPUs. Assuming an A100 for them
// (the default for a run that names no device) put a GPU's power on a CPU job; instead the run is
// counted in vCPUs — `resources.requests.cpu` (else `limits.cpu`) × pods — on the per-vCPU
// pseudo-device of the catalogue (`cpu-vcpu`, Cloud Carbon Footprint's per-vCPU watts).
import type { Sourced } from '../../core/runSpec';
import { derived } from '../fields';
import type { K8sObject, PodGroup } from './k8sObjects';
import { entryOf, nodeAt } from './treePath';

/** The catalogue id of one vCPU (src/core/data/accelerators.json). */
export const CPU_DEVICE = 'cpu-vcpu';

/**
 * A Kubernetes CPU quantity in cores: `4`, `"2.5"`, `"500m"` (millicores). Anything else (`4Gi`,
 * `"${CPUS}"`) is not a CPU count. Parsed without a regular expression: Number() rejects suffixes.
 */
export function cpuQuantity(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw > 0 && Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (!s) return undefined;
  const milli = s.endsWith('m');
  const n = Number(milli ? s.slice(0, -1) : s);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return milli ? n / 1000 : n;
}

/** vCPUs one pod of the group asks for: the sum over its containers of requests.cpu, else limits.cpu. */
export function cpusPerPod(g: PodGroup): Sourced<number> | undefined {
  let total = 0;
  let first: Sourced<number> | undefined;
  const parts: string[] = [];
  for (const c of g.containers) {
    for (const section of ['requests', 'limits']) {
      const e = entryOf(nodeAt(c.node, 'resources', section), 'cpu');
      const v = e?.value.kind === 'scalar' ? cpuQuantity(e.value.value) : undefined;
      if (!e || v === undefined) continue;
      total += v;
      parts.push(`${section}.cpu ${String(e.value.kind === 'scalar' ? e.value.value : v)}`);
      first ??= { value: v, origin: 'file', range: e.value.range, keyRange: e.keyRange, key: `resources.${section}.cpu` };
      break;
    }
  }
  if (!first) return undefined;
  return parts.length === 1 ? first : derived(total, first, `${parts.join(' + ')} across the pod's containers`);
}

/**
 * The vCPUs of a CPU-only object: pods × vCPUs per pod over its groups. A group whose pods state no CPU
 * is counted at 1 vCPU per pod (Kubernetes sets no default; said so in the note).
 */
export function cpuCount(obj: K8sObject): { count: Sourced<number>; assumedPods: number } | undefined {
  const groups = obj.groups.filter((g) => g.replicaCount > 0);
  if (!groups.length) return undefined;
  let total = 0;
  let assumedPods = 0;
  const how: string[] = [];
  let first: Sourced<number> | undefined;
  for (const g of groups) {
    const per = cpusPerPod(g);
    if (per) {
      total += g.replicaCount * per.value;
      first ??= per;
      how.push(`${g.role} ${g.replicaCount} × ${+per.value.toPrecision(3)} vCPU`);
    } else {
      total += g.replicaCount;
      assumedPods += g.replicaCount;
      how.push(`${g.role} ${g.replicaCount} × 1 vCPU (none requested)`);
    }
  }
  const note = `${how.join(' + ')}: vCPUs, not accelerators (pods × vCPUs per pod)`;
  const count: Sourced<number> = first ? derived(total, first, note) : { value: total, origin: 'default', note };
  return { count, assumedPods };
}

/** The CPU device as a run input, said to be inferred from the missing accelerator request. */
export function cpuHardware(): Sourced<string> {
  return { value: CPU_DEVICE, origin: 'inferred', note: 'no accelerator (nvidia.com/gpu, amd.com/gpu, google.com/tpu…) requested and none selected: the pods run on CPUs' };
}
