// Vision training configs: detectron2 YACS files (with their `_BASE_`), MMDetection Python configs and
// Ultralytics scripts. Fixtures are in test/fixtures/vision/ (each names the public file shape it
// imitates). Expected values are read by hand from the fixtures; FLOPs from sampleModels.json.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { mmName } from '../../src/formats/handlers/visionPython';
import { findSampleModel } from '../../src/core/sampleCatalog';
import { val, at, closeWithin } from './helpers/runAsserts';

const DIR = path.resolve(__dirname, '../fixtures/vision');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const settings = normalizeSettings({ includeEmbodied: false });

const close = closeWithin(1e-6);

describe('detectron2 configs', () => {
  it('reads a base config: MAX_ITER, IMS_PER_BATCH, the network and the dataset', () => {
    const text = read('Base-RCNN-FPN.yaml');
    const a = analyzeText(text, 'Base-RCNN-FPN.yaml');
    assert.strictEqual(a.format, 'detectron2');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'steps'), 90000);
    assert.strictEqual(at(text, r.inputs.steps?.range), '90000');
    assert.strictEqual(val(r, 'batchSize'), 16);
    // GeneralizedRCNN + an FPN backbone, no MASK_ON, default depth 50.
    assert.strictEqual(val(r, 'model'), 'faster_rcnn_R_50_FPN');
    assert.strictEqual(val(r, 'datasetSamples'), 118287); // ("coco_2017_train",)
    assert.strictEqual(val(r, 'precision'), 'tf32'); // no SOLVER.AMP.ENABLED
    // 90,000 × 16 / 118,287 = 12.17 epochs.
    assert.ok(r.notes.some((n) => /≈ 12\.2 epochs of coco_2017_train/.test(n)), r.notes.join('\n'));
  });

  it('merges the _BASE_ file: own keys win, the base fills the rest and says so', () => {
    const text = read('mask_rcnn_R_50_FPN_3x.yaml');
    const siblings = new Map([['Base-RCNN-FPN.yaml', read('Base-RCNN-FPN.yaml')]]);
    const a = analyzeText(text, 'mask_rcnn_R_50_FPN_3x.yaml', { siblings });
    assert.deepStrictEqual(a.references, ['Base-RCNN-FPN.yaml']);
    const r = a.runs[0];
    assert.strictEqual(val(r, 'steps'), 270000); // this file's MAX_ITER, not the base's 90000
    assert.strictEqual(r.inputs.steps?.origin, 'file');
    assert.strictEqual(val(r, 'batchSize'), 16);
    assert.strictEqual(r.inputs.batchSize?.origin, 'inferred');
    // IMS_PER_BATCH is on line 15 of the base fixture (two comment lines, then MODEL…SOLVER).
    assert.match(r.inputs.batchSize?.note ?? '', /from Base-RCNN-FPN\.yaml line 15/);
    assert.strictEqual(at(text, r.inputs.batchSize?.range), '"Base-RCNN-FPN.yaml"');
    assert.strictEqual(val(r, 'model'), 'mask_rcnn_R_50_FPN'); // MASK_ON: True here, arch from the base
    assert.strictEqual(at(text, r.inputs.model?.range), 'True');
  });

  it('without the base, the model zoo name gives the network and the 16-image batch', () => {
    const r = analyzeText(read('mask_rcnn_R_50_FPN_3x.yaml'), 'mask_rcnn_R_50_FPN_3x.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), 'mask_rcnn_R_50_FPN');
    assert.strictEqual(val(r, 'batchSize'), 16);
    assert.ok(r.notes.some((n) => /_BASE_: Base-RCNN-FPN\.yaml/.test(n)));
  });

  it('faster_rcnn_R_50_FPN_1x on 8 V100: FP32 compute at the calibrated dense-vision MFU', () => {
    // Ours: 3 × 268.76e9 × 90,000 × 16 = 1.1610432e18 FLOPs at FP32 (15.7 TFLOP/s per V100). The
    // 41.8M-parameter detector is in power.ts's "per-sample vision or detection" class, which on CUDA-core
    // FP32 has MFU 0.3–0.6, typical 0.44 (calibrated on MODEL_ZOO.md rows, #13b):
    // 1.1610432e18 / (8 × 15.7e12 × 0.44) = 21,006 s = 5.84 h, against the model zoo's 0.210 s/iter × 90k
    // = 5.25 h. (The small-model prior, MFU 0.2, gave 12.84 h.)
    const e = evaluateText(read('Base-RCNN-FPN.yaml'), 'faster_rcnn_R_50_FPN_1x.yaml', normalizeSettings({ includeEmbodied: false, defaultHardware: 'V100', defaultCount: 8 })).estimates[0];
    close(e.compute?.flops, 1.1610432e18);
    close(e.hours.mid, 1.1610432e18 / (8 * 15.7e12 * 0.44) / 3600, 1e-4);
  });

  // The backbones and layouts beyond R50-FPN (#13-vision). FLOPs per image from sampleModels.json; hours
  // on 8 V100 at FP32 with the dense-vision MFU 0.44: h = FLOPs / (8 × 15.7e12 × 0.44) / 3600.
  const v100 = normalizeSettings({ includeEmbodied: false, defaultHardware: 'V100', defaultCount: 8 });
  const withBase = (base: string) => ({ siblings: new Map([[base, read(base)]]) });

  it('ResNeXt: NUM_GROUPS × WIDTH_PER_GROUP with DEPTH name X_101_32x8d, and the 3x length', () => {
    const text = read('faster_rcnn_X_101_32x8d_FPN_3x.yaml');
    const opts = withBase('Base-RCNN-FPN.yaml');
    const r = analyzeText(text, 'faster_rcnn_X_101_32x8d_FPN_3x.yaml', opts).runs[0];
    assert.strictEqual(val(r, 'model'), 'faster_rcnn_X_101_32x8d_FPN'); // FPN from the base's BACKBONE.NAME
    assert.strictEqual(val(r, 'steps'), 270000);
    // 3 × 6.088e11 × 270,000 × 16 = 7.890048e18 FLOPs; / (8 × 15.7e12 × 0.44) = 142,763 s = 39.66 h
    // (MODEL_ZOO.md states 0.638 s/iter × 270k = 47.85 h: ×0.83).
    const e = evaluateText(text, 'faster_rcnn_X_101_32x8d_FPN_3x.yaml', v100, opts.siblings).estimates[0];
    close(e.compute?.flops, 7.890048e18);
    close(e.hours.mid, 39.66, 1e-3);
  });

  it('Res5ROIHeads in the base is the C4 layout; RES5_DILATION: 2 is DC5', () => {
    const c4 = '_BASE_: "Base-RCNN-C4.yaml"\nMODEL:\n  MASK_ON: False\n  RESNETS:\n    DEPTH: 50\n';
    const rc = analyzeText(c4, 'faster_rcnn_R_50_C4_1x.yaml', withBase('Base-RCNN-C4.yaml')).runs[0];
    assert.strictEqual(val(rc, 'model'), 'faster_rcnn_R_50_C4');
    // 3 × 7.232e11 × 90,000 × 16 = 3.124224e18 FLOPs; / (8 × 15.7e12 × 0.44) / 3600 = 15.70 h (zoo: 13.775 h).
    const ec = evaluateText(c4, 'faster_rcnn_R_50_C4_1x.yaml', v100, withBase('Base-RCNN-C4.yaml').siblings).estimates[0];
    close(ec.compute?.flops, 3.124224e18);
    close(ec.hours.mid, 15.70, 1e-3);
    const dc5 = '_BASE_: "Base-RCNN-DilatedC5.yaml"\nMODEL:\n  MASK_ON: False\n';
    const rd = analyzeText(dc5, 'x.yaml', withBase('Base-RCNN-DilatedC5.yaml')).runs[0];
    assert.strictEqual(val(rd, 'model'), 'faster_rcnn_R_50_DC5'); // default DEPTH 50
    // 3 × 4.179e11 × 90,000 × 16 = 1.805328e18 FLOPs.
    close(evaluateText(dc5, 'x.yaml', v100, withBase('Base-RCNN-DilatedC5.yaml').siblings).estimates[0].compute?.flops, 1.805328e18);
  });

  it('without the base, the file name names R101-FPN, X101 and C4/DC5 networks', () => {
    const name = (f: string) => val(analyzeText('_BASE_: "../Base.yaml"\nSOLVER:\n  MAX_ITER: 10\n', f).runs[0], 'model');
    assert.strictEqual(name('faster_rcnn_R_101_FPN_3x.yaml'), 'faster_rcnn_R_101_FPN');
    assert.strictEqual(name('faster_rcnn_X_101_32x8d_FPN_3x.yaml'), 'faster_rcnn_X_101_32x8d_FPN');
    assert.strictEqual(name('faster_rcnn_R_50_C4_1x.yaml'), 'faster_rcnn_R_50_C4');
    assert.strictEqual(name('faster_rcnn_R_50_DC5_3x.yaml'), 'faster_rcnn_R_50_DC5');
    assert.strictEqual(name('keypoint_rcnn_R_50_FPN_1x.yaml'), undefined);
    // Mask R-CNN R101/X101 share their Faster R-CNN figures (the mask head on positives is not counted).
    assert.strictEqual(findSampleModel(name('mask_rcnn_X_101_32x8d_FPN_3x.yaml'))?.forwardFlops, 6.088e11);
    assert.strictEqual(findSampleModel(name('mask_rcnn_R_101_FPN_3x.yaml'))?.forwardFlops, 3.712e11);
  });

  it('an unusual depth or an unknown layout names no network rather than a wrong one', () => {
    const r = analyzeText('MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\n  RESNETS:\n    DEPTH: 77\n  BACKBONE:\n    NAME: "build_resnet_fpn_backbone"\nSOLVER:\n  MAX_ITER: 10\n', 'x.yaml').runs[0];
    assert.strictEqual(val(r, 'model'), undefined);
  });

  it('AMP in the file means FP16', () => {
    const r = analyzeText('_BASE_: "Base-RCNN-FPN.yaml"\nSOLVER:\n  AMP:\n    ENABLED: true\n  MAX_ITER: 1000\n', 'x.yaml').runs[0];
    assert.strictEqual(val(r, 'precision'), 'fp16');
    assert.strictEqual(r.inputs.precision?.origin, 'file');
  });

  it('does not claim other upper-case YAML', () => {
    assert.notStrictEqual(analyzeText('MODEL: foo\nNAME: bar\n', 'x.yaml').format, 'detectron2');
  });
});

describe('Ultralytics Python scripts', () => {
  it('reads YOLO(...).train(...) keywords, through a variable where used', () => {
    const text = read('yolo_train.py');
    const a = analyzeText(text, 'yolo_train.py');
    assert.strictEqual(a.format, 'ultralytics');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'model'), 'yolov8m.pt');
    assert.strictEqual(val(r, 'epochs'), 50); // epochs=EPOCHS, EPOCHS = 50 on line 6
    assert.strictEqual(at(text, r.inputs.epochs?.range), '50');
    assert.strictEqual(val(r, 'batchSize'), 32);
    assert.strictEqual(val(r, 'count'), 2); // device=[0, 1]
    assert.strictEqual(val(r, 'datasetSamples'), 118287); // coco.yaml
    assert.strictEqual(val(r, 'precision'), 'fp16'); // AMP is Ultralytics' default
  });

  it('estimates 3 × forward × images', () => {
    // yolov8m 79.3e9 FLOPs per 640² image; 50 epochs × 118,287 = 5,914,350 images.
    // 3 × 79.3e9 × 5,914,350 = 1.407023865e18.
    const e = evaluateText(read('yolo_train.py'), 'yolo_train.py', settings).estimates[0];
    close(e.compute?.flops, 1.407023865e18);
  });

  it('a script without a YOLO model is not claimed', () => {
    assert.notStrictEqual(analyzeText('model = load()\nmodel.train(epochs=3)\n', 'x.py').format, 'ultralytics');
  });
});

describe('MMDetection / MMPretrain configs', () => {
  it('RTMDet: widen_factor names the size, the name gives 8 GPUs × 32 images × 300 epochs of COCO', () => {
    const text = read('rtmdet_s_8xb32-300e_coco.py');
    const r = analyzeText(text, 'rtmdet_s_8xb32-300e_coco.py').runs[0];
    assert.strictEqual(val(r, 'model'), 'rtmdet_s'); // widen_factor=0.5 (tiny 0.375, m 0.75, l 1.0, x 1.25)
    assert.strictEqual(at(text, r.inputs.model?.range), '0.5');
    assert.strictEqual(val(r, 'count'), 8);
    assert.strictEqual(val(r, 'perDeviceBatch'), 32);
    assert.strictEqual(val(r, 'epochs'), 300);
    // RTMDet-s 14.8 G (MMEngine counts a multiply-accumulate as one) × 2 = 29.6e9 FLOPs per 640² image;
    // 300 epochs × 118,287 images = 35,486,100; 3 × 29.6e9 × 35,486,100 = 3.15116568e18 FLOPs.
    const e = evaluateText(text, 'rtmdet_s_8xb32-300e_coco.py', settings).estimates[0];
    close(e.compute?.flops, 3.15116568e18);
  });

  it('MMDetection names of the other R-CNN backbones resolve to the same catalogue rows', () => {
    const m = (stem: string) => findSampleModel(mmName(stem).model)?.id;
    assert.strictEqual(m('faster-rcnn_r101_fpn_1x_coco'), 'faster_rcnn_R_101_FPN');
    assert.strictEqual(m('faster-rcnn_x101-32x8d_fpn_ms-3x_coco'), 'faster_rcnn_X_101_32x8d_FPN');
    assert.strictEqual(m('faster-rcnn_r50-caffe-c4_1x_coco'), 'faster_rcnn_R_50_C4');
    assert.strictEqual(m('faster-rcnn_r50-caffe-dc5_1x_coco'), 'faster_rcnn_R_50_DC5');
    assert.strictEqual(m('faster-rcnn_r50_fpn_2x_coco'), 'fasterrcnn_resnet50_fpn');
  });

  it('RTMDet by name alone: rtmdet_tiny / rtmdet_x without a widen_factor', () => {
    assert.strictEqual(val(analyzeText("_base_ = './rtmdet_l_8xb32-300e_coco.py'\n", 'rtmdet_tiny_8xb32-300e_coco.py').runs[0], 'model'), 'rtmdet_tiny');
    assert.strictEqual(val(analyzeText("_base_ = './rtmdet_l_8xb32-300e_coco.py'\nmodel = dict(backbone=dict(widen_factor=1.25))\n", 'my_detector.py').runs[0], 'model'), 'rtmdet_x');
    // A widen_factor outside the RTMDet ladder names nothing.
    assert.strictEqual(val(analyzeText("_base_ = './rtmdet_l_8xb32-300e_coco.py'\nmodel = dict(backbone=dict(widen_factor=0.6))\n", 'my_detector.py').runs[0], 'model'), undefined);
  });

  it('reads the schedule from the name, the batch and AMP from the file', () => {
    const text = read('faster-rcnn_r50_fpn_2x_coco.py');
    const a = analyzeText(text, 'faster-rcnn_r50_fpn_2x_coco.py');
    assert.strictEqual(a.format, 'mmdetection');
    const r = a.runs[0];
    assert.strictEqual(val(r, 'epochs'), 24); // `2x` = 24 epochs
    assert.strictEqual(r.inputs.epochs?.origin, 'inferred');
    assert.strictEqual(val(r, 'perDeviceBatch'), 4);
    assert.strictEqual(at(text, r.inputs.perDeviceBatch?.range), '4');
    assert.strictEqual(val(r, 'model'), 'faster-rcnn_r50_fpn');
    assert.strictEqual(val(r, 'datasetSamples'), 118287);
    assert.strictEqual(val(r, 'precision'), 'fp16'); // AmpOptimWrapper
    // 3 × 268.76e9 × 24 × 118,287 = 2.28893861664e18.
    close(evaluateText(text, 'faster-rcnn_r50_fpn_2x_coco.py', settings).estimates[0].compute?.flops, 2.28893861664e18);
  });

  it('reads GPUs and per-GPU batch from `8xb32`, and max_epochs from train_cfg', () => {
    const text = read('resnet50_8xb32_in1k.py');
    const r = analyzeText(text, 'resnet50_8xb32_in1k.py').runs[0];
    assert.strictEqual(val(r, 'count'), 8);
    assert.strictEqual(val(r, 'perDeviceBatch'), 32);
    assert.strictEqual(val(r, 'epochs'), 100);
    assert.strictEqual(r.inputs.epochs?.origin, 'file');
    assert.strictEqual(val(r, 'model'), 'resnet50');
    assert.strictEqual(val(r, 'datasetSamples'), 1281167); // in1k
    assert.strictEqual(val(r, 'precision'), 'tf32');
    // 3 × 8.178e9 × 100 × 1,281,167 = 3.1432151178e18.
    close(evaluateText(text, 'resnet50_8xb32_in1k.py', settings).estimates[0].compute?.flops, 3.1432151178e18);
  });

  it('a plain Python file with a `_base_` name only is weak evidence', () => {
    assert.notStrictEqual(analyzeText('_base_ = 3\nprint(_base_)\n', 'util.py').format, 'mmdetection');
  });

  it('a config that only inherits `.py` bases (no dict of its own, a project name) is still read, and its bases followed', () => {
    // Shape of users' own MMDetection configs: `_base_ = [models/…, datasets/…, schedules/…, runtime]` and a
    // file name of their own (no `8xb2`, no `1x`).
    const text = "_base_ = [\n    '../_base_/models/faster-rcnn_r50_fpn.py',\n    '../_base_/datasets/coco_detection.py',\n    '../_base_/schedules/schedule_1x.py',\n]\n";
    const a = analyzeText(text, 'configs/my_project/detector_v2.py');
    assert.strictEqual(a.format, 'mmdetection');
    assert.deepStrictEqual(a.references, ['../_base_/models/faster-rcnn_r50_fpn.py', '../_base_/datasets/coco_detection.py', '../_base_/schedules/schedule_1x.py']);
    assert.strictEqual(a.runs.length, 1);
  });
});

describe('OpenMMLab 2.x configs and YOLO11', () => {
  it('reads runner.max_epochs, data.samples_per_gpu and fp16 = dict(...)', () => {
    const text = "_base_ = ['../_base_/models/retinanet_r50_fpn.py']\ndata = dict(samples_per_gpu=4, workers_per_gpu=2)\nrunner = dict(type='EpochBasedRunner', max_epochs=36)\nfp16 = dict(loss_scale=512.)\n";
    const r = analyzeText(text, 'retinanet_r50_fpn_3x_coco.py').runs[0];
    assert.strictEqual(val(r, 'epochs'), 36);
    assert.strictEqual(r.inputs.epochs?.origin, 'file'); // the file's runner wins over the name's 3x
    assert.strictEqual(val(r, 'perDeviceBatch'), 4);
    assert.strictEqual(val(r, 'precision'), 'fp16');
    assert.strictEqual(val(r, 'model'), 'retinanet_r50_fpn');
  });

  it('total_epochs = N (MMCV 1.x) is the length', () => {
    const r = analyzeText("_base_ = './x.py'\noptimizer = dict(type='SGD', lr=0.01)\ntotal_epochs = 50\n", 'faster_rcnn_r50_fpn_1x_coco.py').runs[0];
    assert.strictEqual(val(r, 'epochs'), 50);
  });

  it('YOLO11 checkpoints are catalogued', () => {
    // yolo11m 68.0e9 FLOPs per 640² image; 75 epochs × 10,000 default samples × 3 = 1.53e17.
    const e = evaluateText('from ultralytics import YOLO\nmodel = YOLO("yolo11m.pt")\nmodel.train(data="data.yaml", epochs=75, device=0)\n', 't.py', settings).estimates[0];
    close(e.compute?.flops, 3 * 68.0e9 * 75 * 10000);
  });
});
