// Device, instance and region names as clouds and schedulers write them (src/formats/handlers/hardwareNames.ts),
// turned into what an estimate uses, with the note the hover shows. Instance contents are the providers'
// published shapes (AWS p4d.24xlarge 8 × A100 40GB; GCP a3-highgpu-8g 8 × H100 80GB; Azure
// Standard_ND96asr_v4 8 × A100 40GB, 2024); region spellings are each cloud's own (AWS `us-west-2`,
// GCP `us-west2`, Azure `westus2`).
import * as assert from 'assert';
import { deviceName, providerOf, regionId, spellingFor } from '../../src/formats/handlers/hardwareNames';

describe('Device and instance names', () => {
  it('an instance brings its devices: count, device, provider, and a note saying so', () => {
    assert.deepStrictEqual(deviceName(' p4d.24xlarge '), { hardware: 'nvidia-a100-sxm4-40gb', perInstance: 8, provider: 'aws', note: 'p4d.24xlarge = 8 × A100 SXM4 40GB' });
    assert.deepStrictEqual(deviceName('a3-highgpu-8g'), { hardware: 'nvidia-h100-sxm5-80gb', perInstance: 8, provider: 'gcp', note: 'a3-highgpu-8g = 8 × H100 SXM5 80GB' });
    assert.strictEqual(deviceName('Standard_ND96asr_v4')?.note, 'Standard_ND96asr_v4 = 8 × A100 SXM4 40GB');
  });

  it('a device name is kept as written, with what it resolves to in the note', () => {
    assert.deepStrictEqual(deviceName('nvidia-l4'), { hardware: 'nvidia-l4', provider: 'gcp', note: 'nvidia-l4 → L4 PCIe 24GB' });
    assert.strictEqual(deviceName('H100')?.note, 'H100 → H100 SXM5 80GB');
    assert.strictEqual(deviceName('H100')?.perInstance, undefined);
  });

  it('unknown, empty and over-long names are no device', () => {
    assert.strictEqual(deviceName('nonsense-gpu'), undefined);
    assert.strictEqual(deviceName('  '), undefined);
    assert.deepStrictEqual(deviceName(`A100${' '.repeat(200)}`), deviceName('A100'), 'blanks around a name are trimmed first');
    assert.strictEqual(deviceName('x'.repeat(121)), undefined);
  });
});

describe('Providers and regions', () => {
  it('provider spellings: aws, google/gce/gke → gcp, az → azure, in any case; others none', () => {
    for (const [name, p] of [['AWS', 'aws'], [' google ', 'gcp'], ['gke', 'gcp'], ['gce', 'gcp'], ['az', 'azure'], ['Azure', 'azure'], ['oracle', undefined], [undefined, undefined], ['toString', undefined]] as const) {
      assert.strictEqual(providerOf(name), p, String(name));
    }
  });

  it('a bare region is qualified by its shape: AWS us-west-2, GCP us-west2, Azure eastus; zones to their region', () => {
    for (const [region, id] of [
      ['us-west-2', 'aws:us-west-2'], ['us-gov-west-1', 'aws:us-gov-west-1'], ['eu-west-1a', 'aws:eu-west-1'], [' us-east-1 ', 'aws:us-east-1'],
      ['us-west2', 'gcp:us-west2'], ['europe-west4-a', 'gcp:europe-west4'], ['us-central1-a', 'gcp:us-central1'],
      ['eastus', 'azure:eastus'], ['eastus2', 'azure:eastus2'], ['uksouth', 'azure:uksouth'],
    ] as const) {
      assert.strictEqual(regionId(region), id, region);
    }
  });

  it('a stated provider wins over the shape; an unknown provider falls back to the shape', () => {
    assert.strictEqual(regionId('westeurope', 'azure'), 'azure:westeurope');
    assert.strictEqual(regionId('us-east-1', 'gcp'), undefined, 'GCP has no us-east-1');
    assert.strictEqual(regionId('us-east-1', 'oracle'), 'aws:us-east-1');
  });

  it('placeholders, unknown places and over-long text are no region', () => {
    for (const r of ['${REGION}', '<region>', 'mars-north-1', 'x'.repeat(61), '']) assert.strictEqual(regionId(r), undefined, r);
  });
});

describe('How each scheme spells a device (for what-if edits)', () => {
  it('GKE label, SkyPilot name, Vertex enum; from a catalogue id, a short name or an instance', () => {
    assert.deepStrictEqual(['gke', 'skypilot', 'vertex'].map((s) => spellingFor('nvidia-h100-sxm5-80gb', s as 'gke')), ['nvidia-h100-80gb', 'H100', 'NVIDIA_H100_80GB']);
    assert.deepStrictEqual(['gke', 'skypilot', 'vertex'].map((s) => spellingFor('p4d.24xlarge', s as 'gke')), ['nvidia-tesla-a100', 'A100', 'NVIDIA_TESLA_A100']);
    assert.strictEqual(spellingFor('nvidia-l4', 'vertex'), 'NVIDIA_L4');
    // A TPU has a SkyPilot name but no GKE GPU label or Vertex GPU enum.
    assert.deepStrictEqual(['gke', 'skypilot', 'vertex'].map((s) => spellingFor('google-tpu-v5p', s as 'gke')), [undefined, 'tpu-v5p-8', undefined]);
    assert.strictEqual(spellingFor('nope', 'gke'), undefined);
  });
});
