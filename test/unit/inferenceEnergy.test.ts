// The per-token model of src/core/inferenceEnergy.ts at its edges: bytes per weight as served, the
// exact-fit GPU count, which accelerators ML.ENERGY measured and how the others are extrapolated, the
// FP8 factor's batch bands, extra GPUs and the MoE threshold. Every figure is derived by hand from the
// constants in inferenceEnergy.ts (A = 0.375 J per billion weights per step, floor 0.0118 J (H100) /
// 0.0079 J (B200) × P^0.82) and the accelerator table. 8^0.82 = 2^2.46 = 5.502125.
import * as assert from 'assert';
import { findAccelerator } from '../../src/core/catalog';
import type { Accelerator } from '../../src/core/catalogTypes';
import { bytesPerParam, minGpusFor, perTokenEnergy, replicaGpus, weightsReadPerStep } from '../../src/core/inferenceEnergy';

// The catalogue rows themselves (the objects findAccelerator serves), not a findAccelerator() call while
// mocha loads the file: Stryker counts code run at load as static, and each static mutant of the
// catalogue look-up then restarts the test process (README, Mutation testing).
const ROWS = require('../../src/core/data/accelerators.json') as Accelerator[];
const H100 = ROWS.find((a) => a.id === 'nvidia-h100-sxm5-80gb')!;
const device = (id: string) => findAccelerator(id)!;

function close(actual: number, expected: number, rel = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

/** 8B dense at batch 64 on `gpus` devices (the fewest that hold it unless stated). */
const dense8 = (accelerator: Accelerator, extra: Partial<Parameters<typeof perTokenEnergy>[0]> = {}) =>
  perTokenEnergy({ params: 8e9, activeParams: 8e9, accelerator, gpus: minGpusFor(8e9, accelerator), batch: 64, ...extra });

describe('inference energy: bytes per weight as served', () => {
  it('16-bit 2 B, fp32 4 B, 8-bit 1 B, 4-bit 0.55 B (weights plus scales)', () => {
    assert.strictEqual(bytesPerParam(undefined), 2);
    assert.strictEqual(bytesPerParam('bf16'), 2);
    assert.strictEqual(bytesPerParam('fp32'), 4);
    assert.strictEqual(bytesPerParam('fp8'), 1);
    assert.strictEqual(bytesPerParam('int8'), 1);
    assert.strictEqual(bytesPerParam('int4'), 0.55);
    // Stated quantization wins over the compute precision.
    assert.strictEqual(bytesPerParam('bf16', 8), 1);
    assert.strictEqual(bytesPerParam('bf16', 4), 0.55);
    assert.strictEqual(bytesPerParam('bf16', 3), 0.55);
  });
});

describe('inference energy: the fewest GPUs that hold the model', () => {
  it('an exact fit is one GPU, a little more is two (30B bf16 on an 80 GB H100)', () => {
    // 30e9 × 2 B = 60 GB × 1.2 = 72 GB = 0.9 × 80 GB: exactly one. 30.1e9: 72.24 GB → 2.
    assert.strictEqual(minGpusFor(30e9, H100), 1);
    assert.strictEqual(minGpusFor(30.1e9, H100), 2);
  });

  it('rounds up to a power of two, and counts fp32 at 4 bytes', () => {
    // 70B fp32: 280 GB × 1.2 = 336 GB / 72 GB = 4.67 → 5 → 8 H100s.
    assert.strictEqual(minGpusFor(70e9, H100, 'fp32'), 8);
    // 70B at 4 bits: 38.5 GB × 1.2 = 46.2 GB → 1.
    assert.strictEqual(minGpusFor(70e9, H100, undefined, 4), 1);
  });

  it('a device with no memory figure is taken as 80 GB', () => {
    const bare = { ...H100, id: 'x', memoryGb: undefined } as Accelerator;
    assert.strictEqual(minGpusFor(30e9, bare), 1); // the exact fit above
    assert.strictEqual(minGpusFor(31e9, bare), 2);
  });
});

describe('inference energy: the replica-sizing rule every estimate shares (replicaGpus)', () => {
  it('weights × 1.2 in 90 % of memory, to the next power of two; no usable memory figure counts as 80 GB', () => {
    assert.strictEqual(replicaGpus(60, 80), 1); // 72 GB in 72 GB: an exact fit
    assert.strictEqual(replicaGpus(61, 80), 2); // 73.2 GB > 72
    assert.strictEqual(replicaGpus(141.1, 80), 4); // 169.3 / 72 = 2.35 → 3 → 4
    assert.strictEqual(replicaGpus(60, 40), 2); // 72 / 36 = 2
    for (const bad of [undefined, 0, -40]) assert.strictEqual(replicaGpus(61, bad), 2, `memory ${bad} is read as 80 GB`);
    assert.strictEqual(replicaGpus(0, 80), 1, 'at least one device');
  });
});

describe('inference energy: weights read per step', () => {
  it('a dense model (active ≥ 99.9 % of total, or stated above it) reads all its weights', () => {
    assert.strictEqual(weightsReadPerStep(8e9, 9e9, 8), 8);
    assert.strictEqual(weightsReadPerStep(8e9, 7.9995e9, 8), 8);
  });

  it('exactly 99.9 % active is read as dense: all the weights, not the expected experts', () => {
    // The expert formula would give 0.999 + 0.001 × 0.999 = 0.999999 billion at batch 1.
    assert.strictEqual(weightsReadPerStep(1e9, 0.999e9, 1), 1);
  });

  it('a batch of 0 counts as one sequence', () => {
    // 30B total, 3B active, one token: 3 + 27 × (1 − 0.9) = 5.7 billion.
    close(weightsReadPerStep(30e9, 3e9, 0), 5.7);
    close(weightsReadPerStep(30e9, 3e9, 1), 5.7);
  });
});

describe('inference energy: which generations were measured, and the extrapolation', () => {
  it('B200 and GB200 take the B200 floor; H100 and H200 SXM the H100 floor — all measured', () => {
    // B200: 0.375 × 8 / 64 + 0.0079 × 5.502125 = 0.046875 + 0.0434668 = 0.0903418 J.
    for (const id of ['nvidia-b200-sxm', 'nvidia-gb200']) {
      const e = dense8(device(id));
      close(e.outJ, 0.0903418, 1e-5);
      assert.strictEqual(e.measuredGeneration, true, id);
    }
    // H100 / H200 SXM: 0.046875 + 0.0118 × 5.502125 = 0.1118001 J.
    for (const id of ['nvidia-h100-sxm5-80gb', 'nvidia-h200-sxm-141gb']) {
      const e = dense8(device(id));
      close(e.outJ, 0.1118001, 1e-5);
      assert.strictEqual(e.measuredGeneration, true, id);
    }
  });

  it('others scale the H100 floor by energy per FLOP, from their bf16, else fp16, else 100 TFLOP/s', () => {
    // H100 PCIe (350 W, bf16 756): (350 / 756) / (700 / 989) = 0.654101 → floor 0.00771839 → 0.046875 + 0.0424678 = 0.0893428 J.
    const pcie = dense8(device('nvidia-h100-pcie-80gb'));
    close(pcie.outJ, 0.0893428, 1e-5);
    assert.strictEqual(pcie.measuredGeneration, false);
    // V100 16GB (300 W, fp16 125 only; 8B needs 2): (300 / 125) / 0.7077856 = 3.390848 → 0.0400120 → 0.046875 + 0.2201511 = 0.2670261 J.
    close(dense8(device('nvidia-v100-sxm2-16gb')).outJ, 0.2670261, 1e-5);
    // No figure at all (300 W): (300 / 100) / 0.7077856 = 4.238566 → 0.0500151 → 0.046875 + 0.2751893 = 0.3220643 J.
    const bare = { ...H100, id: 'x', tdpW: 300, tflops: {} } as Accelerator;
    close(dense8(bare).outJ, 0.3220643, 1e-5);
  });

  it('prefill takes the same peak fallback: 2 × P × TDP / (peak × 0.4)', () => {
    // V100: 2 × 8e9 × 300 / (125e12 × 0.4) = 0.096 J; K80 (fp32 8.73 only): 4.8e12 / 3.492e12 = 1.3745704 J;
    // no figure: 4.8e12 / 4e13 = 0.12 J.
    close(dense8(device('nvidia-v100-sxm2-16gb')).inJ, 0.096);
    close(dense8(device('nvidia-k80')).inJ, 1.3745704);
    close(dense8({ ...H100, id: 'x', tdpW: 300, tflops: {} } as Accelerator).inJ, 0.12);
  });
});

describe('inference energy: precision, batch, GPUs and experts', () => {
  const at = (batch: number, extra: Partial<Parameters<typeof perTokenEnergy>[0]> = {}) => dense8(H100, { batch, ...extra }).outJ;

  it('the FP8 factor by batch band: ×1.3 up to 16, ×1.01 from 17 to 64, ×0.89 above', () => {
    close(at(16, { precision: 'fp8' }) / at(16), 1.3);
    close(at(17, { precision: 'fp8' }) / at(17), 1.01);
    close(at(64, { precision: 'fp8' }) / at(64), 1.01);
    close(at(65, { precision: 'fp8' }) / at(65), 0.89);
  });

  it('8-bit or 4-bit weights and int8/int4 take the FP8 factors too', () => {
    close(at(8, { quantBits: 8 }) / at(8), 1.3);
    close(at(8, { precision: 'int8' }) / at(8), 1.3);
    close(at(8, { precision: 'int4' }) / at(8), 1.3);
    close(at(8, { quantBits: 16 }) / at(8), 1);
  });

  it('a batch of 0 is a batch of 1', () => {
    // 0.375 × 8 / 1 + 0.0649251 = 3.0649251 J.
    close(at(0), 3.0649251, 1e-6);
  });

  it('fewer GPUs than fit cost nothing extra; each doubling beyond adds 10 % dense, 30 % MoE', () => {
    // 8B fits 1 H100: on 4, × (1 + 0.1 × 2) = 1.2; on 1 (or "0"), × 1.
    close(at(64, { gpus: 4 }) / at(64), 1.2);
    close(at(64, { gpus: 0 }) / at(64), 1);
    const big = (gpus: number) => perTokenEnergy({ params: 70e9, activeParams: 70e9, accelerator: H100, gpus, batch: 64 }).outJ;
    close(big(2) / big(4), 1); // 70B needs 4
  });

  it('a mixture of experts: the touched experts read per step and the compute floor × 2.5 (Qwen3-30B-A3B, 1 H100)', () => {
    // 30B × 2 B × 1.2 = 72 GB: one H100 exactly. Weights read at batch 64: 3 + 27 × (1 − 0.9^64 = 0.998821) = 29.968166 B
    // → 0.375 × 29.968166 / 64 = 0.1755947 J; compute 0.0118 × 3^0.82 (2.461771) × 2.5 = 0.0726223 J; total 0.2482170 J.
    const e = perTokenEnergy({ params: 30e9, activeParams: 3e9, accelerator: H100, gpus: 1, batch: 64 });
    close(e.outJ, 0.248217, 1e-5);
    assert.strictEqual(e.isMoe, true);
  });

  it('a model is a mixture of experts when under 95 % of its weights are active', () => {
    assert.strictEqual(perTokenEnergy({ params: 100e9, activeParams: 95e9, accelerator: H100, gpus: 4, batch: 64 }).isMoe, false);
    assert.strictEqual(perTokenEnergy({ params: 100e9, activeParams: 94e9, accelerator: H100, gpus: 4, batch: 64 }).isMoe, true);
  });
});
