// How much power a training run draws, and how busy its accelerators are, as ONE prior per kind of
// workload: a GPU waiting on communication or on its data loader does less work per second AND draws
// less power, so MFU and power draw move together. Treating them as independent extremes (best MFU
// with the lowest draw, worst MFU with TDP) made the band about 4× wide; linking them along one line
// per workload class keeps the published runs inside a band about 2× wide (see test/fixtures/calibration).
//
// Power here is the accelerator's own draw as a share of its TDP (what NVML / ML.ENERGY measure); the
// host (CPUs, memory, NICs, fans) is added per device in proportion to the device's class, and PUE on top.
import type { Accelerator } from './catalogTypes';
import type { ResolvedRun } from './resolve';
import type { Range3 } from './runSpec';

export type WorkloadClass = 'pretraining' | 'finetune' | 'adapter-single' | 'small-model' | 'vision-loader' | 'dense-vision' | 'cpu';

/** MFU (achieved / dense peak FLOP/s) at the best, typical and worst end of a prior. */
export interface MfuBand {
  best: number;
  typical: number;
  worst: number;
  source: string;
}

export interface WorkloadPrior {
  cls: WorkloadClass;
  label: string;
  /** Accelerator draw as a share of TDP at the worst (low) and best (high) MFU, and typical (mid). */
  share: Range3;
  mfu: MfuBand;
  source: string;
  year: number;
}

/**
 * Measured accelerator draw (GPU only, NVML) as a share of TDP, from Dodge et al. 2022 ("Measuring the
 * Carbon Intensity of AI in Cloud Instances", FAccT; table reproduced in CodeCarbon's docs
 * `model_examples.rst`): BERT fine-tune on 4 V100 0.43, BERT pre-training on 8 V100 0.43, a 6B
 * transformer on 256 A100 0.70, ViT-Tiny/Small on 1 V100 0.30/0.39, ViT-Large/Huge on 4 V100 0.86/0.92,
 * DenseNet-121 on 1 P40 0.27. Large pre-training: Patterson et al. 2021 Table 4 (GPT-3: 330 W per V100
 * incl. host, i.e. about 0.8 of TDP for the GPU itself) and Morrison et al. 2025 (OLMo: power fluctuates
 * between 15 % and 85 % of maximum, high on average).
 */
const SHARE = {
  pretraining: { low: 0.65, mid: 0.8, high: 0.95 },
  finetune: { low: 0.45, mid: 0.68, high: 0.95 },
  adapterSingle: { low: 0.4, mid: 0.6, high: 0.85 },
  smallModel: { low: 0.27, mid: 0.4, high: 0.6 },
  visionLoader: { low: 0.25, mid: 0.38, high: 0.6 },
};

/**
 * CPU jobs (Kubernetes pods that request no accelerator), per vCPU: Cloud Carbon Footprint's line
 * `watts = min + utilisation × (max − min)` with AWS's average 0.74–3.5 W per vCPU (SPECpower_ssj2008
 * whole servers, memory included; CCF methodology 2021). CCF falls back to 50 % utilisation; training
 * keeps its cores busy, so the band runs from 50 % (0.74 + 0.5 × 2.76 = 2.12 W, 61 % of 3.5 W) to
 * 100 % (3.5 W), mid 75 % (2.81 W, 80 %).
 */
export const CPU_SHARE = { low: 0.61, mid: 0.8, high: 1, source: 'Cloud Carbon Footprint methodology (AWS average 0.74–3.5 W per vCPU, SPECpower_ssj2008), utilisation 50–100 %', year: 2021 };

/**
 * Per-sample vision and detection training of a network large enough to keep the device busy (≥ 30 M
 * parameters: Faster/Mask R-CNN, RetinaNet, ViT-B, large YOLOs). Convolutions on CUDA cores run close
 * to their FMA peak: calibrated on detectron2's MODEL_ZOO.md (8 V100, FP32, 2019) rows that were not
 * held out — faster_rcnn_R_50_FPN_1x 0.210 s/iter and mask_rcnn_R_50_FPN_1x 0.261 s/iter × 90k iter
 * against 3 × the catalogue's 2.69e11 FLOPs per image × 16 images per iter reach 49 % and 39 % of
 * 8 × 15.7 TFLOP/s; typical 44 % (their geometric mean), band 30–60 %. On tensor-core peaks (TF32,
 * BF16) the rest of the pipeline (RoI ops, NMS, image decoding) does not speed up with the matrix
 * units: no model-zoo row was measured there, so the small-model band stays, said as uncalibrated.
 * Power: conv training keeps the GPU busy (Dodge et al. 2022: ViT-Base 75 %, ViT-Large 86 % of TDP).
 */
const DENSE_VISION_FP32_MFU: MfuBand = { best: 0.6, typical: 0.44, worst: 0.3, source: 'Carbon Lens calibration on detectron2 MODEL_ZOO.md rows (8 V100 FP32, 2019): R50-FPN 1x 49 %, Mask R50-FPN 1x 39 % of CUDA-core peak' };
const DENSE_VISION_TENSOR_MFU: MfuBand = { best: 0.3, typical: 0.2, worst: 0.1, source: 'Carbon Lens assumption (uncalibrated): detection pipelines use a small share of tensor-core peak (RoI ops, NMS and decoding do not use the matrix units)' };
const DENSE_VISION_SHARE = { low: 0.5, mid: 0.7, high: 0.9 };

/** True when the run computes on CUDA cores in FP32 (a device with no TF32 tensor cores, e.g. V100). */
function cudaCoreFp32(r: { accelerator: Accelerator; precision?: string }): boolean {
  return r.accelerator.tflops.tf32 === undefined && (r.precision === 'fp32' || r.precision === 'tf32');
}

/** A Carbon Lens assumption: PyTorch on CPU cores reaches a small share of their FMA peak (memory-bound kernels, no tensor cores). */
const CPU_MFU: MfuBand = { best: 0.3, typical: 0.15, worst: 0.05, source: 'Carbon Lens assumption: training on CPU cores reaches 5–30 % of their AVX-512 FMA peak' };

/** The CPU pseudo-device of accelerators.json (count = vCPUs). */
export function isCpuDevice(a: Pick<Accelerator, 'id'>): boolean {
  return a.id === 'cpu-vcpu';
}

/**
 * Pre-training MFU by accelerator generation. V100: GPT-3 19.7 %, XLM 21.2 % (Patterson et al. 2021,
 * Table 4 achieved/peak TFLOP/s). TPU v2/v3: T5 37 %, Switch 28 % (same table). A100: LLaMA-7B about 43 %
 * (Touvron et al. 2023, 82,432 GPU-hours for 1 T tokens), BLOOM 48 % (150 TFLOP/s, Le Scao et al. 2022),
 * MT-NLG 30 % (Chowdhery et al. 2022 Table 3). TPU v4: PaLM 46 %. H100 and newer: Llama 3 405B 38–43 %
 * of bf16 peak (Dubey et al. 2024, Table 4).
 */
const PRETRAIN_MFU: { test: (a: Accelerator) => boolean; mfu: MfuBand }[] = [
  { test: (a) => /tpu-v[23]$/.test(a.id), mfu: { best: 0.42, typical: 0.34, worst: 0.26, source: 'TPU v2/v3 pre-training: T5 37 %, Switch 28 % (Patterson et al. 2021, Table 4)' } },
  { test: (a) => /tpu/.test(a.id), mfu: { best: 0.55, typical: 0.44, worst: 0.33, source: 'TPU v4+ pre-training: PaLM 46 % (Chowdhery et al. 2022, Table 3)' } },
  { test: (a) => (a.releaseYear ?? 2020) <= 2019, mfu: { best: 0.28, typical: 0.2, worst: 0.15, source: 'V100-generation pre-training: GPT-3 19.7 %, XLM 21.2 % (Patterson et al. 2021, Table 4)' } },
  { test: (a) => (a.releaseYear ?? 2020) <= 2021, mfu: { best: 0.52, typical: 0.43, worst: 0.3, source: 'A100-generation pre-training: LLaMA-7B ≈43 % (Touvron et al. 2023), BLOOM 48 %, MT-NLG 30 % (Chowdhery et al. 2022, Table 3)' } },
  { test: () => true, mfu: { best: 0.5, typical: 0.38, worst: 0.28, source: 'H100-generation pre-training: Llama 3 405B 38–43 % of bf16 peak (Dubey et al. 2024, Table 4)' } },
];

/**
 * Fine-tuning and small models run further from peak: small per-device batches, frozen weights and
 * dequantisation (QLoRA), short sequences, kernels too small to fill the device. No paper reports MFU
 * for these across the board; these bands are Carbon Lens assumptions below the pre-training priors,
 * shown to the user as such.
 */
const FINETUNE_MFU: MfuBand = { best: 0.4, typical: 0.27, worst: 0.15, source: 'Carbon Lens assumption: below pre-training MFU (PaLM Table 3) for multi-GPU fine-tuning' };
const ADAPTER_MFU: MfuBand = { best: 0.4, typical: 0.25, worst: 0.15, source: 'Carbon Lens assumption: below pre-training MFU for single-GPU adapter fine-tuning' };
const SMALL_MFU: MfuBand = { best: 0.3, typical: 0.2, worst: 0.1, source: 'Carbon Lens assumption: a model far smaller than its device leaves much of it idle (kernel launches, small matrices)' };
const LOADER_MFU: MfuBand = { best: 0.25, typical: 0.12, worst: 0.05, source: 'Carbon Lens assumption: a small vision model waits on image decoding most of the time' };

/** The sample unit of the CIFAR rows (sampleModels.json) and the forward FLOPs above which they are compute-bound. */
const SMALL_IMAGE_UNIT = 'image at 32×32';
const SMALL_IMAGE_DENSE_FLOPS = 1e8;

/** Names of vision backbones whose training is usually bound by image decoding on the CPU. */
const VISION = /(?:^|[^a-z])(?:vit|deit|swin|convnext|resnet|resnext|densenet|efficientnet|mobilenet|regnet|yolo|rtmdet|detr|dino(?:v2)?|clip|siglip|sam)(?:[^a-z]|$)/i;

/** Which workload class a training run belongs to, from what the file says. */
type PriorInput = Pick<ResolvedRun, 'count' | 'adapter' | 'tokens' | 'params' | 'accelerator' | 'inputs'> & Partial<Pick<ResolvedRun, 'sampleCompute' | 'precision'>>;

export function workloadClass(r: PriorInput): WorkloadClass {
  if (isCpuDevice(r.accelerator)) return 'cpu';
  const params = r.params;
  const task = r.sampleCompute?.model.task;
  if ((task === 'detection' || task === 'vision') && params !== undefined && params >= 3e7) return 'dense-vision';
  const vision = VISION.test(String(r.inputs.model?.value ?? ''));
  // CIFAR-size images are held in memory (torchvision's CIFAR10 reads its pickled arrays once): nothing
  // waits on JPEG decoding, and a network of ≥ 0.1 GFLOP per image on batches of ~128 keeps the device's
  // 3×3 convolutions busy like the detection backbones the dense band was calibrated on (#13-cifar).
  const m = r.sampleCompute?.model;
  if (task === 'vision' && m?.sampleUnit === SMALL_IMAGE_UNIT && (m.forwardFlops ?? 0) >= SMALL_IMAGE_DENSE_FLOPS) return 'dense-vision';
  // Small vision models wait on JPEG decoding and augmentation: Dodge et al.'s ViT-Tiny/Small drew 30–39 %
  // of TDP. Larger ones keep the GPU busy (ViT-Base 75 %, ViT-Large 86 %): many tokens per image.
  if (vision && params !== undefined && params < 3e7) return 'vision-loader';
  // Full training keeps weights, gradients and Adam state: about 16 bytes per parameter. A text model
  // whose training state fills under a quarter of the device's memory is "small on a large device".
  const memGb = r.accelerator.memoryGb ?? 16;
  if (!vision && params !== undefined && (params * 16) / 1e9 < memGb / 4) return 'small-model';
  if (r.adapter) return r.count <= 1 ? 'adapter-single' : 'finetune';
  if (r.count >= 64 || (r.tokens !== undefined && r.tokens >= 1e11)) return 'pretraining';
  return 'finetune';
}

/** The prior for a run: its class's power share and MFU band, the MFU by accelerator generation. */
export function workloadPrior(r: PriorInput): WorkloadPrior {
  const cls = workloadClass(r);
  const base = { source: 'Dodge et al. 2022 (GPU draw per run, FAccT); Patterson et al. 2021, Table 4', year: 2022 };
  switch (cls) {
    case 'pretraining':
      return { cls, label: 'large pre-training', share: SHARE.pretraining, mfu: PRETRAIN_MFU.find((p) => p.test(r.accelerator))!.mfu, ...base };
    case 'finetune':
      return { cls, label: 'multi-GPU or full fine-tuning', share: SHARE.finetune, mfu: FINETUNE_MFU, ...base };
    case 'adapter-single':
      return { cls, label: 'single-GPU adapter fine-tuning', share: SHARE.adapterSingle, mfu: ADAPTER_MFU, ...base };
    case 'small-model':
      return { cls, label: 'small model on a large device', share: SHARE.smallModel, mfu: SMALL_MFU, ...base };
    case 'vision-loader':
      return { cls, label: 'vision training bound by its data loader', share: SHARE.visionLoader, mfu: LOADER_MFU, ...base };
    case 'dense-vision':
      return { cls, label: 'per-sample vision or detection training', share: DENSE_VISION_SHARE, mfu: cudaCoreFp32(r) ? DENSE_VISION_FP32_MFU : DENSE_VISION_TENSOR_MFU, ...base };
    case 'cpu':
      return { cls, label: 'training on CPU cores', share: { low: CPU_SHARE.low, mid: CPU_SHARE.mid, high: CPU_SHARE.high }, mfu: CPU_MFU, source: CPU_SHARE.source, year: CPU_SHARE.year };
  }
}

/**
 * TPUs draw well below the TDP Patterson et al. list (450 W for v3): the system power per TPU v3 chip
 * was 245–310 W including its host (Table 4), so their shares are scaled down.
 */
const TPU_SHARE_SCALE = 0.6;

function isTpu(a: Accelerator): boolean {
  return /tpu/i.test(a.id);
}

/** The accelerator's share of TDP for this device (TPUs scaled; shares above 1 are not possible). */
export function deviceShare(a: Accelerator, share: Range3): Range3 {
  const k = isTpu(a) ? TPU_SHARE_SCALE : 1;
  return { low: Math.min(1, share.low * k), mid: Math.min(1, share.mid * k), high: Math.min(1, share.high * k) };
}

/**
 * Share of TDP drawn at a given MFU, on the class's line from (worst MFU, low share) to (best MFU, high
 * share): linked, so a slow run is also a low-power run. Clamped to the class's share range.
 */
export function shareAtMfu(prior: Pick<WorkloadPrior, 'share' | 'mfu'>, mfu: number): number {
  const { best, worst } = prior.mfu;
  const t = best > worst ? Math.min(1, Math.max(0, (mfu - worst) / (best - worst))) : 0.5;
  return prior.share.low + (prior.share.high - prior.share.low) * t;
}

/**
 * Host power per accelerator as a share of its TDP. A DGX H100 lists 10.2 kW maximum for 8 × 700 W
 * GPUs, i.e. 4.6 kW (0.82 × TDP per GPU) for everything else at full load; a DGX A100 6.5 kW for
 * 8 × 400 W (1.0 × TDP). Hosts run far below their maximum during training: CodeCarbon's fallback is
 * 50 % of CPU TDP and Green Algorithms counts 0.3725 W per GB of memory. Patterson et al.'s 330 W per
 * V100 (TDP 300 W) for GPT-3 is consistent with 0.8 × TDP on the GPU and 0.3 × TDP of host. So host
 * power scales with the device class: a 70 W T4 brings about 20 W of host, not 40–120 W.
 */
export const HOST_SHARE_OF_TDP = { low: 0.15, mid: 0.3, high: 0.5, source: 'NVIDIA DGX H100/A100 system power vs GPU TDP; CodeCarbon CPU fallback (TDP × 0.5); Patterson et al. 2021 Table 4 (GPT-3 330 W per V100)', year: 2024 };

/** TPU hosts are shared by 4–8 chips and add little per chip (Patterson 2021: system 245–310 W per v3 chip). */
const TPU_HOST_SHARE = { low: 0.05, mid: 0.1, high: 0.15 };

export function hostWatts(a: Accelerator): Range3 {
  // Per-vCPU watts come from whole-server measurements: the host is already in them.
  if (isCpuDevice(a)) return { low: 0, mid: 0, high: 0 };
  const k = isTpu(a) ? TPU_HOST_SHARE : HOST_SHARE_OF_TDP;
  return { low: a.tdpW * k.low, mid: a.tdpW * k.mid, high: a.tdpW * k.high };
}
