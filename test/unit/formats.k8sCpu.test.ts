// Kubernetes / Kubeflow jobs that request no accelerator run on CPUs: counted in vCPUs on the
// catalogue's per-vCPU device (Cloud Carbon Footprint watts), never on an assumed A100. Fixtures in
// test/fixtures/k8s-cpu/ (each names the public file it imitates); values derived by hand below.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { cpuQuantity } from '../../src/formats/handlers/k8sCpu';
import { val, closeWithin } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/k8s-cpu');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

const close = closeWithin(1e-3);

describe('Kubernetes jobs without an accelerator (CPU)', () => {
  it('reads CPU quantities as cores: 4, "2.5", "500m"; not memory or variables', () => {
    assert.strictEqual(cpuQuantity(4), 4);
    assert.strictEqual(cpuQuantity('2.5'), 2.5);
    assert.strictEqual(cpuQuantity('500m'), 0.5);
    assert.strictEqual(cpuQuantity('10000m'), 10);
    assert.strictEqual(cpuQuantity('4Gi'), undefined);
    assert.strictEqual(cpuQuantity('${CPUS}'), undefined);
    assert.strictEqual(cpuQuantity('0'), undefined);
    assert.strictEqual(cpuQuantity(''), undefined);
  });

  it('counts requests.cpu × replicas as vCPUs and says the run is on CPUs, not on an A100', () => {
    const a = analyzeText(read('pytorchjob-cpu-resnet18.yaml'), 'pytorchjob-cpu-resnet18.yaml');
    assert.strictEqual(a.format, 'kubernetes');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'hardware'), 'cpu-vcpu');
    // Worker replicas 2 × requests.cpu "4" (requests win over limits "6") = 8 vCPUs; the
    // --nproc_per_node=4 of the command counts processes here, not GPUs.
    assert.strictEqual(val(r, 'count'), 8);
    assert.match(r.inputs.count?.note ?? '', /Worker 2 × 4 vCPU/);
    assert.ok(r.notes.some((n) => /Runs on CPUs/.test(n)), r.notes.join('\n'));
  });

  it('estimates the CPU job with per-vCPU watts and no GPU host or embodied share', () => {
    const res = evaluateText(read('pytorchjob-cpu-resnet18.yaml'), 'pytorchjob-cpu-resnet18.yaml', normalizeSettings({}));
    const e = res.estimates[0];
    // FLOPs = 3 × 3.628e9 (resnet18 forward at 224²) × 10,000 samples (default dataset size, 1 epoch)
    //       = 1.0884e14.
    // Time  = 1.0884e14 / (8 vCPU × 0.08 TFLOP/s × MFU 0.15) = 1,133.75 s = 0.31493 h (mid).
    close(e.hours.mid, 0.31493);
    // Power = 3.5 W × 80 % (mid utilisation 75 % on CCF's 0.74–3.5 W line) = 2.8 W per vCPU, no
    // separate host (the per-vCPU figure is a whole server). Energy = 0.31493 h × 2.8 W × 8 × PUE
    // 1.56 (unknown data centre) / 1000 = 0.011004 kWh.
    close(e.energyKwh.mid, 0.011004);
    assert.strictEqual(e.embodiedKg, 0);
    assert.ok(e.assumptions.some((s) => /not counted for a CPU job/.test(s)), e.assumptions.join('\n'));
    assert.ok(!e.assumptions.some((s) => /assumed A100/.test(s)), e.assumptions.join('\n'));
  });

  it('adds millicores over containers and multiplies by Job parallelism', () => {
    const r = analyzeText(read('job-cpu-millicores.yaml'), 'job-cpu-millicores.yaml').runs[0];
    // (1500m trainer request + 500m logger limit) = 2 vCPU per pod × parallelism 3 = 6.
    assert.strictEqual(val(r, 'hardware'), 'cpu-vcpu');
    assert.strictEqual(val(r, 'count'), 6);
  });

  it('counts a pod that states no CPU at 1 vCPU and says so', () => {
    const r = analyzeText(read('pytorchjob-no-resources.yaml'), 'pytorchjob-no-resources.yaml').runs[0];
    assert.strictEqual(val(r, 'hardware'), 'cpu-vcpu');
    // Master 1 + Worker 1, no requests: 2 × 1 vCPU; not `torchrun --nproc_per_node 2` GPUs.
    assert.strictEqual(val(r, 'count'), 2);
    assert.strictEqual(r.inputs.count?.origin, 'default');
    assert.ok(r.notes.some((n) => /2 pods request no CPU/.test(n)), r.notes.join('\n'));
  });

  it('leaves a job that requests GPUs on its GPUs', () => {
    const text = read('pytorchjob-cpu-resnet18.yaml').replace('cpu: "4"', 'cpu: "4"\n                  nvidia.com/gpu: 1');
    const r = analyzeText(text, 'gpu.yaml').runs[0];
    assert.notStrictEqual(val(r, 'hardware'), 'cpu-vcpu');
    assert.strictEqual(val(r, 'count'), 2);
  });
});
