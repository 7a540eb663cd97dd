// A Slurm job that asks for no GPU runs on CPU cores. Assuming an A100 for it (the default for a run
// that names no device) would put a GPU's power on a CPU job, as for Kubernetes (handlers/k8sCpu.ts):
// instead it is counted in cores — tasks × CPUs per task (sbatch(1): one CPU per task unless
// `--cpus-per-task` says otherwise) — on the catalogue's per-vCPU device. Only when nothing in the
// script points at a GPU: no GPU option, no partition, constraint or QOS naming GPUs or a device, and
// no `cuda`/`gpu`/`nvidia` anywhere (a `module load cuda`, `CUDA_VISIBLE_DEVICES`, `nvidia-smi`).
import type { Sourced, SourceRange } from '../core/runSpec';
import type { Directives, SbatchValue } from './sbatch';
import { nodeCount } from './sbatch';
import { deviceName } from './handlers/hardwareNames';
import { CPU_DEVICE } from './handlers/k8sCpu';

/** Whether a partition/constraint/QOS value points at GPUs (`gpu`, `a100`, `gpu-h100&80gb`). */
function gpuish(v: SbatchValue | undefined): boolean {
  if (!v) return false;
  const raw = v.raw.toLowerCase();
  if (raw.includes('gpu') || raw.includes('cuda')) return true;
  // `cpu` itself resolves to the per-vCPU device: only a GPU's name counts.
  return raw.split(/[&|,[\]()*\s_-]/).some((part) => part.length > 1 && !part.startsWith('cpu') && part !== 'vcpu' && deviceName(part) !== undefined);
}

function positive(v: SbatchValue | undefined): number | undefined {
  if (!v) return undefined;
  const t = v.raw.trim();
  if (!t || t.length > 6) return undefined;
  const n = Number(t);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The CPU cores of a job that requests no GPU, or undefined when anything suggests GPUs or no task
 * count is stated. `range(v)` points at a directive's value.
 */
export function cpuOnlyJob(d: Directives, text: string, range: (v: SbatchValue) => SourceRange): { count: Sourced<number>; hardware: Sourced<string>; note: string } | undefined {
  if (d.gres || d.gpus || d.gpusPerNode || d.gpusPerTask) return undefined;
  if (gpuish(d.partition) || gpuish(d.constraint) || gpuish(d.qos)) return undefined;
  const lower = text.length > 1_000_000 ? text.slice(0, 1_000_000).toLowerCase() : text.toLowerCase();
  if (lower.includes('gpu') || lower.includes('cuda') || lower.includes('nvidia')) return undefined;
  const nodes = d.nodes ? nodeCount(d.nodes.raw) ?? 1 : 1;
  const perNode = positive(d.ntasksPerNode);
  const tasks = positive(d.ntasks) ?? (perNode ? perNode * nodes : undefined);
  const from = d.ntasks && positive(d.ntasks) ? d.ntasks : d.ntasksPerNode;
  if (!tasks || !from) return undefined;
  const cpus = positive(d.cpusPerTask) ?? 1;
  const count = tasks * cpus;
  const how = `${tasks} task${tasks > 1 ? 's' : ''}${from === d.ntasksPerNode && !d.ntasks ? ` (${perNode} per node × ${nodes} node${nodes > 1 ? 's' : ''})` : ''} × ${cpus} CPU${cpus > 1 ? 's' : ''} per task${d.cpusPerTask ? '' : ' (Slurm\'s default)'}`;
  const note = `no GPU requested (no --gres=gpu, --gpus or GPU partition, and nothing in the script names CUDA or a GPU): a CPU job of ${count} cores, ${how}`;
  return {
    count: { value: count, origin: 'inferred', range: range(from), key: from.option.replace(/^-+/, ''), note },
    hardware: { value: CPU_DEVICE, origin: 'inferred', range: range(from), key: from.option.replace(/^-+/, ''), note: 'no GPU requested: counted per CPU core on the per-vCPU device' },
    note: `The job requests no GPU: ${how}, counted as ${count} CPU cores (Carbon Lens's per-vCPU power, Cloud Carbon Footprint). A GPU given by the cluster without asking (a default GRES) would not show here.`,
  };
}
