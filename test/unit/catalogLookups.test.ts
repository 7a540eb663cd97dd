// Catalogue look-ups as configs spell things: the fallbacks behind findAccelerator, findRegion,
// findModel, findInstance and the availability table. Expected rows come from src/core/data
// (accelerators.json, regions.json, instances.json, availability.json); each case says why it is the
// row a user means.
import * as assert from 'assert';
import {
  availabilityFor,
  findAccelerator,
  findEquivalence,
  findInstance,
  findModel,
  findRegion,
  offeredIn,
  providerOfInstance,
  pueFor,
} from '../../src/core/catalog';

const accId = (s: string) => findAccelerator(s)?.id;
const where = (s: string) => {
  const m = findRegion(s);
  return m === undefined ? undefined : m.kind === 'cloud' ? m.region.id : `country:${m.country.code}`;
};

describe('catalog look-ups: devices in prose', () => {
  it('vendor words around a device name are ignored', () => {
    assert.strictEqual(accId('NVIDIA Tesla GPU accelerator H100'), 'nvidia-h100-sxm5-80gb');
    assert.strictEqual(accId('the Google Cloud TPU v5p'), 'google-tpu-v5p');
  });

  it('a device named inside a sentence is found by its longest known name', () => {
    // "rtx 4090" is a longer known name than anything else in the sentence.
    assert.strictEqual(accId('my rtx 4090 box'), 'nvidia-rtx-4090');
    assert.strictEqual(accId('train on 8 of our H200 nodes'), 'nvidia-h200-sxm-141gb');
  });

  it('memory written apart from the name picks the variant with that memory', () => {
    // Bare A100 is the 40GB SXM part; "80 GB" / "80g" elsewhere in the text moves it to the 80GB SXM part.
    assert.strictEqual(accId('A100 cards, 40 GB each'), 'nvidia-a100-sxm4-40gb');
    assert.strictEqual(accId('A100 cards, 80 GB each'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('A100 cards 80g'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('A100 cards 80gb'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('A100 cards 80 g'), 'nvidia-a100-sxm4-80gb');
    // V100 defaults to 16GB SXM2; 32 GB picks the 32GB SXM2 part.
    assert.strictEqual(accId('Tesla V100 boards with 32 GB'), 'nvidia-v100-sxm2-32gb');
    // A memory no variant has leaves the family default alone.
    assert.strictEqual(accId('A100 cards 96 GB'), 'nvidia-a100-sxm4-40gb');
  });

  it('a form factor written apart from the name picks that form', () => {
    assert.strictEqual(accId('A100 boards over PCIe'), 'nvidia-a100-pcie-40gb');
    assert.strictEqual(accId('A100 boards over PCIe, 80 GB'), 'nvidia-a100-pcie-80gb');
    assert.strictEqual(accId('H100 boards over PCIe'), 'nvidia-h100-pcie-80gb');
    assert.strictEqual(accId('H100 boards in NVL pairs'), 'nvidia-h100-nvl-94gb');
    // SXM (or NVLink, how SXM parts are connected) with 80 GB: the SXM 80GB part, not PCIe.
    assert.strictEqual(accId('A100 boards, SXM4, 80 GB'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('A100 boards, nvlink, 80 GB'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('V100 boards over PCIe'), 'nvidia-v100-pcie-16gb');
    assert.strictEqual(accId('V100 boards, sxm, 32 GB'), 'nvidia-v100-sxm2-32gb');
    assert.strictEqual(accId('V100 boards over PCIe, 32 GB'), 'nvidia-v100-pcie-32gb');
  });

  it('gives up on long prose rather than guessing (more than 12 words after vendor words)', () => {
    const filler = (n: number) => Array.from({ length: n }, () => 'foo').join(' ');
    assert.strictEqual(accId(`${filler(11)} H100`), 'nvidia-h100-sxm5-80gb');
    assert.strictEqual(accId(`${filler(12)} H100`), undefined);
  });

  it('counts written around the device are not part of its name', () => {
    assert.strictEqual(accId('4 × L4'), 'nvidia-l4');
    assert.strictEqual(accId('4*L4'), 'nvidia-l4');
    assert.strictEqual(accId('L4 * 4'), 'nvidia-l4');
    assert.strictEqual(accId('T4×2'), 'nvidia-t4');
    assert.strictEqual(accId('16x A100-80GB'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('A100-80GB:16'), 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(accId('node.kubernetes.io/gpu=Tesla-V100'), 'nvidia-v100-sxm2-16gb');
  });
});

describe('catalog look-ups: regions and countries', () => {
  it('country prefixes: country:, iso:, grid: (any case); an unknown country is nothing', () => {
    assert.strictEqual(where('iso:FR'), 'country:FR');
    assert.strictEqual(where('GRID:de'), 'country:DE');
    assert.strictEqual(where('Country: Sweden'), 'country:SE');
    assert.strictEqual(where('country:Atlantis'), undefined);
    assert.strictEqual(where('country:'), undefined);
    // Only those exact words: `mycountry:` or `gridx:` are no prefix this reads.
    assert.strictEqual(where('mycountry:FR'), undefined);
    assert.strictEqual(where('gridx:FR'), undefined);
  });

  it('a provider prefix is trusted: its naming scheme only, with zones', () => {
    assert.strictEqual(where('aws: us-east-1 '), 'aws:us-east-1');
    assert.strictEqual(where('Amazon:us-west-2'), 'aws:us-west-2');
    assert.strictEqual(where('aws:us-east-1a'), 'aws:us-east-1');
    assert.strictEqual(where('aws:us-gov-west-1b'), 'aws:us-gov-west-1');
    assert.strictEqual(where('gcp:us-central1-f'), 'gcp:us-central1');
    assert.strictEqual(where('microsoft:East US'), 'azure:eastus');
    // GCP has no `westeurope`; only Azure names are matched without punctuation.
    assert.strictEqual(where('gcp:westeurope'), undefined);
    assert.strictEqual(where('aws:West Europe'), undefined);
    // An unknown provider is not ignored: IBM's us-east-1 is not AWS's.
    assert.strictEqual(where('ibm:us-east-1'), undefined);
  });

  it('bare names: short codes are countries, dashed names regions, others a country then a region', () => {
    assert.strictEqual(where('SE'), 'country:SE');
    assert.strictEqual(where('SWE'), 'country:SE');
    assert.strictEqual(where('us-gov-east-1'), 'aws:us-gov-east-1');
    assert.strictEqual(where('Sweden'), 'country:SE');
    assert.strictEqual(where('swedencentral'), 'azure:swedencentral');
    assert.strictEqual(where('Sweden Central'), 'azure:swedencentral');
    assert.strictEqual(where('us east 1'), undefined);
  });
});

describe('catalog look-ups: availability and providers', () => {
  it('availability rows are the device’s, for the provider asked (aliases accepted)', () => {
    const gcp = availabilityFor('H100', 'gcp');
    assert.ok(gcp.length > 0);
    assert.ok(gcp.every((r) => r.provider === 'gcp' && r.accelerator === 'nvidia-h100-sxm5-80gb'));
    assert.deepStrictEqual(availabilityFor('H100', 'Google Cloud'), gcp);
    // Without a provider: every provider's rows, which for T4 are AWS, Azure and GCP.
    const all = availabilityFor('T4');
    assert.deepStrictEqual([...new Set(all.map((r) => r.provider))].sort(), ['aws', 'azure', 'gcp']);
    assert.strictEqual(all.length, availabilityFor('T4', 'aws').length + availabilityFor('T4', 'azure').length + availabilityFor('T4', 'gcp').length);
    assert.deepStrictEqual(availabilityFor('T4', 'ibm'), []);
    assert.deepStrictEqual(availabilityFor('not a device'), []);
  });

  it('offeredIn: the row for that device in that region (region case-insensitive), else nothing', () => {
    const row = offeredIn('T4', { provider: 'aws', region: 'US-EAST-1' });
    assert.ok(row);
    assert.strictEqual(row.region, 'us-east-1');
    assert.strictEqual(row.accelerator, 'nvidia-t4');
    assert.strictEqual(offeredIn('T4', { provider: 'gcp', region: 'us-east-1' }), undefined, 'AWS spelling under GCP');
    assert.strictEqual(offeredIn('banana', { provider: 'aws', region: 'us-east-1' }), undefined);
  });

  it('an instance type or provider-specific label pins a cloud; a bare device name does not', () => {
    assert.strictEqual(providerOfInstance('p4d.24xlarge'), 'aws');
    assert.strictEqual(providerOfInstance('ml.p4d.24xlarge'), 'aws');
    assert.strictEqual(providerOfInstance('a2-highgpu-8g'), 'gcp');
    assert.strictEqual(providerOfInstance('Standard_ND96asr_v4'), 'azure');
    assert.strictEqual(providerOfInstance('NVIDIA_L4'), 'gcp', 'a Vertex AI accelerator enum');
    assert.strictEqual(providerOfInstance('cloud.google.com/gke-accelerator=nvidia-l4'), 'gcp');
    assert.strictEqual(providerOfInstance('karpenter.k8s.aws/instance-gpu-name=a100'), 'aws');
    assert.strictEqual(providerOfInstance('nvidia-l4'), undefined, 'GKE label value alone: any cloud could say it');
    assert.strictEqual(providerOfInstance('A100'), undefined);
    assert.strictEqual(providerOfInstance('m5.large'), undefined);
  });

  it('Azure sizes without Standard_, and SageMaker types, find their rows', () => {
    assert.strictEqual(findInstance('ND96asr_v4')?.name, 'Standard_ND96asr_v4');
    assert.strictEqual(findInstance('nc24ads_a100_v4')?.accelerator, 'nvidia-a100-pcie-80gb');
    // SageMaker's ml. prefix over an EC2 type it does not list on its own.
    assert.strictEqual(findInstance('ml.p5.48xlarge')?.accelerator, 'nvidia-h100-sxm5-80gb');
  });
});

describe('catalog look-ups: models, PUE, equivalences', () => {
  it('Hub URLs and hf:// references', () => {
    for (const s of [
      'hf://meta-llama/Llama-2-7b-hf',
      'https://www.huggingface.co/meta-llama/Llama-2-7b-hf/tree/main',
      'https://hf.co/meta-llama/Llama-2-7b-hf/',
      'huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json',
    ]) {
      assert.strictEqual(findModel(s)?.id, 'meta-llama/Llama-2-7b-hf', s);
    }
  });

  it('a bare name finds its -hf checkpoint; packaging suffixes are peeled one at a time', () => {
    assert.strictEqual(findModel('Llama-2-7b')?.id, 'meta-llama/Llama-2-7b-hf');
    assert.strictEqual(findModel('someone/Qwen2.5-7B-Instruct-GPTQ-Int4')?.id, 'Qwen/Qwen2.5-7B-Instruct');
    // -4bit, then -AWQ: two layers of packaging over the chat model.
    assert.strictEqual(findModel('someone/Llama-2-7b-chat-hf-AWQ-4bit')?.id, 'meta-llama/Llama-2-7b-chat-hf');
    assert.strictEqual(findModel('someone/Unknown-Model-AWQ'), undefined);
  });

  it('PUE aliases people write', () => {
    assert.strictEqual(pueFor('Amazon Web Services').provider, 'aws');
    assert.strictEqual(pueFor('GCE').provider, 'gcp');
    assert.strictEqual(pueFor('OVH').provider, 'ovhcloud');
    assert.strictEqual(pueFor('Oracle Cloud').provider, 'oracle');
    assert.strictEqual(pueFor('self-hosted').provider, 'on-prem');
    assert.strictEqual(pueFor('on-premises').provider, 'on-prem');
    // A name that is already a table key, not an alias.
    assert.strictEqual(pueFor('ovhcloud').provider, 'ovhcloud');
  });

  it('equivalence ids are matched case-insensitively, trimmed', () => {
    assert.strictEqual(findEquivalence('FLIGHT_SF_NY')?.kgPerUnit, 1200);
    assert.strictEqual(findEquivalence('  km_car ')?.kgPerUnit, 0.251);
    assert.strictEqual(findEquivalence('no_such'), undefined);
    assert.strictEqual(findEquivalence(''), undefined);
  });
});
