// The power/utilisation class of per-sample vision and detection training (power.ts 'dense-vision'),
// calibrated on detectron2 MODEL_ZOO.md rows that were not held out (test/realfiles/configs.json).
// Fixture: test/fixtures/vision/Base-RCNN-FPN.yaml (the shape of detectron2's Base-RCNN-FPN.yaml).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { closeWithin } from './helpers/runAsserts';

const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/vision/Base-RCNN-FPN.yaml'), 'utf8');

const close = closeWithin(1e-3);

describe('per-sample detection training: utilisation class', () => {
  it('on 8 V100 (FP32 CUDA cores) lands near the model zoo: 5.84 h against its 5.25 h', () => {
    const e = evaluateText(text, 'Base-RCNN-FPN.yaml', normalizeSettings({ includeEmbodied: false, defaultHardware: 'V100', defaultCount: 8 })).estimates[0];
    // FLOPs = 3 × 2.6876e11 (Faster R-CNN R50-FPN per COCO image) × 90,000 iter × 16 images = 1.16104e18.
    close(e.compute?.flops, 1.16104e18);
    // Time = 1.16104e18 / (8 × 15.7 TFLOP/s (V100 has no TF32: FP32 peak) × MFU 0.44) = 21,009 s = 5.836 h.
    // MODEL_ZOO.md: 0.210 s/iter × 90,000 = 5.25 h (ratio 1.11). The old small-model prior (MFU 0.2) gave 12.8 h.
    close(e.hours.mid, 5.836);
    assert.ok(e.assumptions.some((a) => /detectron2 MODEL_ZOO\.md rows/.test(a)), e.assumptions.join('\n'));
  });

  it('on an A100 (tensor-core TF32 peak) keeps the uncalibrated small band and says so', () => {
    const e = evaluateText(text, 'Base-RCNN-FPN.yaml', normalizeSettings({ includeEmbodied: false })).estimates[0];
    // 1.16104e18 / (1 × 156 TFLOP/s TF32 × MFU 0.20) = 37,213 s = 10.34 h.
    close(e.hours.mid, 10.337);
    assert.ok(e.assumptions.some((a) => /uncalibrated/.test(a)), e.assumptions.join('\n'));
  });
});
