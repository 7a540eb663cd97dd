// CIFAR/MNIST training scripts (src/formats/smallVision.ts, handlers/smallVisionRuns.ts,
// handlers/smallVisionScript.ts) and the 32×32 catalogue rows they name. Fixtures: test/fixtures/cifar
// (our own files, each naming the public file whose shape it imitates, see its README). Every figure
// below is derived by hand in the comment beside it.
import * as assert from 'assert';
import * as path from 'path';
import { estimateFile } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import { findSampleModel } from '../../src/core/sampleCatalog';
import { findAccelerator } from '../../src/core/catalog';
import { workloadClass } from '../../src/core/power';
import type { RunInputs, SourceRange } from '../../src/core/runSpec';
import { scanPython } from '../../src/formats/pyCalls';
import { readEntryScript } from '../../src/formats/entryScript';
import { readSmallVision } from '../../src/formats/smallVision';
import { applyEntryScript } from '../../src/formats/handlers/entryDefaults';
import type { Word } from '../../src/formats/launcherFlags';
import * as fs from 'fs';

const ROOT = path.resolve(__dirname, '../fixtures/cifar');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const facts = (text: string) => readSmallVision(text, scanPython(text), readEntryScript(text).defaults);
const AT: SourceRange = { startLine: 0, startCol: 0, endLine: 0, endCol: 7 };
const words = (line: string): Word[] => {
  const out: Word[] = [];
  let at = 0;
  for (const t of line.split(' ')) {
    out.push({ text: t, start: at, end: at + t.length, textStart: at });
    at += t.length + 1;
  }
  return out;
};

/** Multiply-accumulates of a conv: cin·cout·k²·side² (one per weight per output position). */
const conv = (cin: number, cout: number, k: number, side: number) => cin * cout * k * k * side * side;

describe('CIFAR catalogue rows, recounted from the layer shapes', () => {
  it('ResNet-18 CIFAR: 555,422,720 MAC per 32×32 image, 1,110,845,440 FLOPs', () => {
    // 3×3 stem at 32×32, then [2, 2, 2, 2] basic blocks of 64/128/256/512 at 32/16/8/4 px, 1×1 shortcuts.
    let macs = conv(3, 64, 3, 32);
    let cin = 64;
    let side = 32;
    for (const [planes, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
      for (let b = 0; b < 2; b++) {
        const s = b === 0 ? stride : 1;
        const out = side / s;
        macs += conv(cin, planes, 3, out) + conv(planes, planes, 3, out);
        if (s !== 1 || cin !== planes) macs += conv(cin, planes, 1, out);
        cin = planes;
        side = out;
      }
    }
    macs += 512 * 10;
    assert.strictEqual(macs, 555_422_720);
    assert.strictEqual(findSampleModel('resnet18-cifar')?.forwardFlops, 2 * macs);
    // PreAct-ResNet-18 has the same convolutions.
    assert.strictEqual(findSampleModel('preactresnet18-cifar')?.forwardFlops, 2 * macs);
  });

  it('VGG-16 CIFAR: 313,201,664 MAC; WRN-28-10: 5,243,328,768 MAC', () => {
    let vgg = 0;
    let c = 3;
    let side = 32;
    for (const x of [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]) {
      if (x === 0) side /= 2;
      else {
        vgg += conv(c, x, 3, side);
        c = x;
      }
    }
    vgg += 512 * 10;
    assert.strictEqual(vgg, 313_201_664);
    assert.strictEqual(findSampleModel('vgg16-cifar')?.forwardFlops, 2 * vgg);
    // WRN-28-10: 4 blocks per group, widths 160/320/640 at 32/16/8 px, 1×1 shortcut on each group's first block.
    let wrn = conv(3, 16, 3, 32);
    let cin = 16;
    side = 32;
    for (const [w, stride] of [[160, 1], [320, 2], [640, 2]]) {
      for (let b = 0; b < 4; b++) {
        const out = b === 0 ? side / stride : side;
        wrn += conv(cin, w, 3, out) + conv(w, w, 3, out) + (cin !== w ? conv(cin, w, 1, out) : 0);
        cin = w;
        side = out;
      }
    }
    wrn += 640 * 10;
    assert.strictEqual(wrn, 5_243_328_768);
    assert.strictEqual(findSampleModel('wrn-28-10')?.forwardFlops, 2 * wrn);
  });

  it('the CIFAR rows do not take the ImageNet names: `ResNet18` still finds the 224×224 row', () => {
    assert.strictEqual(findSampleModel('ResNet18')?.id, 'resnet18');
    assert.strictEqual(findSampleModel('resnet18_cifar')?.id, 'resnet18-cifar');
  });
});

describe('Reading which network a small-image script trains', () => {
  it('kuangliu/pytorch-cifar main.py: its own ResNet18 on CIFAR-10; the commented-out nets are not read', () => {
    const f = facts(read('kuangliu/main.py'));
    assert.strictEqual(f.dataset?.id, 'cifar10');
    assert.strictEqual(f.model?.id, 'resnet18-cifar');
    assert.strictEqual(f.ownModels, true);
    assert.strictEqual(f.fp32, true);
  });

  it("VGG('VGG16'), and the --arch default choosing among branches", () => {
    assert.strictEqual(facts("from models import *\nimport torchvision\nd = torchvision.datasets.CIFAR100('.', train=True)\nnet = VGG('VGG16')\nloss.backward()\n").model?.id, 'vgg16-cifar');
    const branches = [
      'import argparse, torchvision',
      'p = argparse.ArgumentParser()',
      "p.add_argument('--arch', default='mobilenetv2')",
      "train = torchvision.datasets.CIFAR10('.', train=True)",
      "if args.arch == 'resnet18':",
      '    net = ResNet18()',
      'else:',
      '    net = MobileNetV2()',
    ].join('\n');
    assert.strictEqual(facts(branches).model?.id, 'mobilenetv2-cifar');
  });

  it('torchvision resnet18: raw 32×32 keeps the ImageNet stem; a replaced stem is the CIFAR net; Resize(224) is the 224 row', () => {
    assert.strictEqual(facts(read('tvraw/train.py')).model?.id, 'resnet18-imagenet-stem-32');
    assert.strictEqual(facts(read('tvstem/train.py')).model?.id, 'resnet18-cifar');
    assert.strictEqual(facts(read('tvstem/train.py')).fp32, false); // autocast + GradScaler
    assert.strictEqual(facts(read('resized/train.py')).model?.id, 'resnet18');
    // Resized to 96 px: no row at that size, and the 224 one is not used.
    const f = facts(read('resized/train.py').replace('Resize(224)', 'Resize(96)'));
    assert.strictEqual(f.model, undefined);
    assert.match(f.unsized ?? '', /resized to 96×96/);
  });

  it("timm.create_model('resnet18') on raw CIFAR keeps the ImageNet stem; a bare resnet18() from the project's module is its own", () => {
    const timm = "import timm, torchvision\nds = torchvision.datasets.CIFAR100('.', train=True)\nmodel = timm.create_model('resnet18.a1_in1k', num_classes=100)\nloss.backward()\n";
    assert.strictEqual(facts(timm).model?.id, 'resnet18-imagenet-stem-32');
    // afzalxo/ResNet-Simplified-Pytorch train.py: `from resnet import resnet18` (its own 3×3-stem ResNet).
    const own = "import torchvision\nfrom resnet import resnet18\nts = torchvision.datasets.CIFAR10(root='./data', train=True)\nmodel = resnet18().to(dev)\nloss.backward()\n";
    assert.strictEqual(facts(own).model?.id, 'resnet18-cifar');
  });

  it('a MNIST script reads the dataset (28 px) and no CIFAR network', () => {
    const f = facts(read('mnist/train.py'));
    assert.deepStrictEqual([f.dataset?.id, f.imageSide, f.model], ['mnist', 28, undefined]);
  });
});

describe('Small-image scripts in a run', () => {
  it('kuangliu run.slurm → main.py on one V100: 3 × 1.11e9 × 50,000 × 200 = 3.33e16 FLOPs, 1.34 h', () => {
    const r = estimateFile(path.join(ROOT, 'kuangliu/run.slurm'), normalizeSettings({}), 5_000_000, { workspaceRoot: path.join(ROOT, 'kuangliu') });
    const e = r.estimates[0];
    assert.deepStrictEqual([e.inputs.model?.value, e.inputs.datasetSamples?.value, e.inputs.epochs?.value, e.inputs.precision?.value], ['resnet18-cifar', 50_000, 200, 'fp32']);
    // range(start_epoch, start_epoch+200) with start_epoch = 0 → 200 epochs; 3 × 1,110,845,440 × 50,000 × 200.
    assert.strictEqual(e.compute?.flops, 3 * 1_110_845_440 * 50_000 * 200);
    // V100 SXM2 FP32 15.7 TFLOP/s on CUDA cores × the dense-vision FP32 MFU 0.44: 3.3325e16 / 6.908e12 = 4,824 s.
    assert.strictEqual(e.compute?.peakTflops, 15.7);
    assert.strictEqual(e.compute?.mfu, 0.44);
    assert.ok(Math.abs(e.hours.mid - 1.34) < 0.005, String(e.hours.mid));
  });

  it('the script opened itself gets the same run, anchored on its epoch loop (main.py line 51)', () => {
    const r = estimateFile(path.join(ROOT, 'kuangliu/main.py'), normalizeSettings({}), 5_000_000, { workspaceRoot: path.join(ROOT, 'kuangliu') });
    assert.strictEqual(r.format, 'python');
    const e = r.estimates[0];
    assert.strictEqual(e.compute?.flops, 3 * 1_110_845_440 * 50_000 * 200);
    assert.strictEqual(e.inputs.epochs?.origin, 'file');
    assert.match(e.name, /^line 51: ResNet18\(…\) on torchvision\.datasets\.CIFAR10$/);
  });

  it('a fork with --epochs and --dataset flags: range(start_epoch, start_epoch+args.epochs) and the CIFAR-100 branch', () => {
    const py = [
      'import argparse, torchvision', //                                             line 1
      'from models import *', //                                                     line 2
      'p = argparse.ArgumentParser()', //                                            line 3
      "p.add_argument('--epochs', default=350, type=int)", //                         line 4
      "p.add_argument('--dataset', default='cifar100')", //                           line 5
      'args = p.parse_args()', //                                                    line 6
      'start_epoch = 0', //                                                          line 7
      "if args.dataset == 'cifar10':", //                                            line 8
      "    trainset = torchvision.datasets.CIFAR10('./data', train=True)", //        line 9
      'else:', //                                                                    line 10
      "    trainset = torchvision.datasets.CIFAR100('./data', train=True)", //       line 11
      'net = DenseNet121()', //                                                      line 12
      'for epoch in range(start_epoch, start_epoch+args.epochs):', //                line 13
      '    loss.backward()', //                                                      line 14
    ].join('\n');
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('main.py', py, words('python main.py'), AT, inputs, notes, {});
    // 350 epochs (the --epochs default, also what the loop evaluates to); CIFAR-100 has 50,000 training images.
    assert.deepStrictEqual([inputs.model?.value, inputs.epochs?.value, inputs.datasetSamples?.value], ['densenet121-cifar', 350, 50_000]);
    assert.match(inputs.datasetSamples?.note ?? '', /cifar100/);
  });

  it('a MNIST script with its own network: dataset 60,000 images, the model is asked for', () => {
    const r = estimateFile(path.join(ROOT, 'mnist/train.py'), normalizeSettings({}), 5_000_000, { workspaceRoot: path.join(ROOT, 'mnist') });
    const e = r.estimates[0];
    assert.deepStrictEqual([e.inputs.datasetSamples?.value, e.inputs.epochs?.value], [60_000, 14]);
    assert.ok(e.missing.some((m) => /model/.test(m)), e.missing.join('; '));
  });

  it('WRN train.py launched with --dataset cifar100 --layers=28 --widen-factor=10 is WRN-28-10 on 50,000 images', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('train.py', read('wrn/train.py'), words('python train.py --dataset cifar100 --layers=28 --widen-factor=10'), AT, inputs, notes, {});
    assert.deepStrictEqual([inputs.model?.value, inputs.epochs?.value, inputs.precision?.value], ['wrn-28-10', 200, 'fp32']);
    // 3 × 10,486,657,536 × 50,000 × 200 = 3.146e17 FLOPs would follow; here the inputs that carry it.
  });

  it('…but --layers 40 --widen-factor 4 is not WRN-28-10, and says so', () => {
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('train.py', read('wrn/train.py'), words('python train.py --dataset cifar10 --layers 40 --widen-factor 4'), AT, inputs, notes, {});
    assert.strictEqual(inputs.model, undefined);
    assert.ok(notes.some((n) => /sized by --layers, which the command line changes/.test(n)), notes.join('\n'));
  });

  it('--arch resnet18 on the line of a script that builds its own CIFAR classes is the CIFAR ResNet-18', () => {
    const py = "from models import *\nimport torchvision\nimport argparse\np = argparse.ArgumentParser()\np.add_argument('--arch', default='vgg16')\nd = torchvision.datasets.CIFAR10('.', train=True)\nnet = get_model(args.arch)\nloss.backward()\n";
    const inputs: RunInputs = {};
    const notes: string[] = [];
    applyEntryScript('main.py', py, words('python main.py --arch resnet18'), AT, inputs, notes, {});
    // The line's `--arch resnet18` is read first (the line wins), then named for what the script builds.
    inputs.model = { value: 'resnet18', origin: 'file' };
    applyEntryScript('main.py', py, words('python main.py --arch resnet18'), AT, inputs, notes, {});
    assert.strictEqual(inputs.model?.value, 'resnet18-cifar');
    assert.strictEqual(inputs.model?.origin, 'inferred');
  });
});

describe('Utilisation class of in-memory 32×32 images', () => {
  const cls = (id: string) => {
    const model = findSampleModel(id)!;
    return workloadClass({ count: 1, adapter: undefined, tokens: undefined, params: model.params, accelerator: findAccelerator('nvidia-v100-sxm2-16gb')!, inputs: { model: { value: id, origin: 'file' } }, sampleCompute: { model, flops: 1, samples: 1, factor: 3, how: '' } });
  };
  it('ResNet-18 CIFAR (1.11 GFLOP per image, 11 M parameters) is compute-bound: dense-vision, not the loader band', () => {
    assert.strictEqual(cls('resnet18-cifar'), 'dense-vision');
    assert.strictEqual(cls('mobilenetv2-cifar'), 'dense-vision'); // 0.18 GFLOP ≥ 0.1
  });
  it('under 0.1 GFLOP per image it keeps its old class: LeNet (1.3 MFLOP, not a backbone name) small-model, torchvision ResNet-18 on raw 32×32 (74 MFLOP) loader-bound', () => {
    assert.strictEqual(cls('lenet-cifar'), 'small-model');
    assert.strictEqual(cls('resnet18-imagenet-stem-32'), 'vision-loader');
  });
});
