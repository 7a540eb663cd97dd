// Embodied carbon (src/core/embodied.ts): the device's own figure or the default, the host server's
// share by devices per server, both amortised over 4 years (35,040 h) by the device-hours of the run.
// Figures from src/core/data (embodied table): H100 SXM 164 kg (NVIDIA HGX H100 PCF via EcoLogits, 2025),
// default 150 kg (Luccioni et al. 2022), host server 5,700 kg per 8 devices (BoaviztAPI via EcoLogits, 2025).
import * as assert from 'assert';
import { embodiedCarbon } from '../../src/core/embodied';

function close(actual: number, expected: number, rel = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

describe('embodied carbon', () => {
  it('adds the device figure and half of an 8-device server for 4 devices, by hand', () => {
    // 4 × H100 × 1234.5678 h: (4 × 164 + 4 / 8 × 5700) × 1234.5678 / 35040 = 3506 × 0.03523310 = 123.5272 kg.
    const e = embodiedCarbon('nvidia-h100-sxm5-80gb', 4, 1234.5678);
    close(e.kg, 123.527246, 1e-6);
    assert.strictEqual(e.assumption, 'Embodied: 164 kg per device (NVIDIA HGX H100 PCF via EcoLogits, 2025) and 5,700 kg per 8-device server (BoaviztAPI via EcoLogits, 2025), amortised over 4 years by 1,230 h of use.');
  });

  it('says when the device has no figure of its own and the default is used', () => {
    // L4: (4 × 150 + 2850) × 1234.5678 / 35040 = 3450 × 0.03523310 = 121.5542 kg.
    const e = embodiedCarbon('nvidia-l4', 4, 1234.5678);
    close(e.kg, 121.554193, 1e-6);
    assert.strictEqual(e.assumption, 'Embodied: 150 kg per device (default: no figure for this device) (Luccioni et al. 2022 (BLOOM)) and 5,700 kg per 8-device server (BoaviztAPI via EcoLogits, 2025), amortised over 4 years by 1,230 h of use.');
  });

  it('is zero for zero hours and linear in devices and hours', () => {
    assert.strictEqual(embodiedCarbon('nvidia-h100-sxm5-80gb', 8, 0).kg, 0);
    // 8 × H100 × 35,040 h (its whole life): 8 × 164 + 5700 = 7,012 kg.
    close(embodiedCarbon('nvidia-h100-sxm5-80gb', 8, 35040).kg, 7012);
  });
});
