import * as assert from 'assert';
import * as fc from 'fast-check';
import * as path from 'path';
import {
  DEFAULT_ACCELERATOR_ID,
  embodiedFor,
  findAccelerator,
  findCountry,
  findEquivalence,
  findInstance,
  findModel,
  findRegion,
  hostServerEmbodied,
  listAccelerators,
  listCountries,
  listEquivalences,
  listInstances,
  listModels,
  listPue,
  listRegions,
  parseModelSize,
  pueFor,
  worldIntensity,
} from '../../src/core/catalog';
import type { Cited } from '../../src/core/catalogTypes';

const accId = (name: string) => findAccelerator(name)?.id;

function assertCited(rows: Cited[], what: string): void {
  for (const r of rows) {
    assert.ok(typeof r.source === 'string' && r.source.trim().length > 2, `${what}: missing source in ${JSON.stringify(r)}`);
    assert.ok(Number.isInteger(r.year) && r.year >= 1990 && r.year <= 2030, `${what}: bad year in ${JSON.stringify(r)}`);
  }
}

function assertUnique(values: string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    assert.ok(!seen.has(v), `${what}: duplicate ${v}`);
    seen.add(v);
  }
}

/** Randomly re-cases a name and swaps its separators, the way people retype device names. */
const respelled = (name: string) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }), fc.constantFrom(' ', '-', '_', '')).map(
    ([upper, sep]) =>
      [...name].map((ch, i) => (/[\s_-]/.test(ch) ? sep : upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
  );

describe('catalog', () => {
  describe('tables', () => {
    it('accelerators: all reference rows, cited, positive power, dense throughput present, unique ids', () => {
      const rows = listAccelerators();
      assert.ok(rows.length >= 44, `only ${rows.length} accelerators`);
      assertCited(rows, 'accelerators');
      assertUnique(rows.map((a) => a.id), 'accelerator id');
      for (const a of rows) {
        assert.ok(a.tdpW > 0, `${a.id} tdpW`);
        if (a.tdpEstimated) assert.ok(a.tdpBasis && /not published|not in fetched/i.test(a.tdpBasis), `${a.id} stand-in unexplained`);
        for (const [k, v] of Object.entries(a.tflops)) assert.ok(typeof v === 'number' && v > 0, `${a.id} tflops.${k}`);
        if (a.memoryGb !== undefined) assert.ok(a.memoryGb > 0, `${a.id} memory`);
        if (a.embodiedKg !== undefined) assert.ok(a.embodiedKg > 0 && a.embodiedSource, `${a.id} embodied`);
      }
      // Every data-centre device has a throughput figure to turn FLOPs into hours, unless the reference
      // data says none was published (H200 NVL); the Apple SoC is a CPU-power entry.
      for (const a of rows.filter((x) => x.vendor !== 'Apple' && !/compute figures not in/i.test(x.notes ?? ''))) {
        assert.ok(Object.keys(a.tflops).length > 0, `${a.id} has no throughput`);
      }
    });

    it('every accelerator alias resolves to its own row (no spelling is claimed twice)', () => {
      for (const a of listAccelerators()) {
        for (const alias of [a.id, a.name, ...a.aliases]) assert.strictEqual(accId(alias), a.id, `alias ${alias}`);
      }
    });

    it('regions: cited, non-negative intensities, ids are provider:region, unique', () => {
      const rows = listRegions();
      assert.ok(rows.length >= 140);
      assertCited(rows, 'regions');
      assertUnique(rows.map((r) => r.id), 'region id');
      for (const r of rows) {
        assert.strictEqual(r.id, `${r.provider}:${r.region}`);
        assert.ok(Number.isFinite(r.gPerKwh) && r.gPerKwh > 0 && r.gPerKwh < 1500, `${r.id} intensity`);
        if (r.country) assert.match(r.country, /^[A-Z]{2}$/);
      }
      for (const p of ['aws', 'gcp', 'azure'] as const) assert.ok(listRegions(p).length >= 20, p);
    });

    it('countries: cited, ISO codes, unique, world average available', () => {
      const rows = listCountries();
      assert.ok(rows.length >= 200);
      assertCited(rows, 'countries');
      assertUnique(rows.map((c) => c.code), 'country code');
      for (const c of rows) {
        assert.match(c.code, /^[A-Z]{2}$/);
        if (c.iso3) assert.match(c.iso3, /^[A-Z]{3}$/);
        // A fully hydro or nuclear grid can legitimately report 0.
        assert.ok(Number.isFinite(c.gPerKwh) && c.gPerKwh >= 0 && c.gPerKwh < 2000, `${c.code} intensity`);
      }
      const w = worldIntensity();
      assert.ok(w.gPerKwh > 300 && w.gPerKwh < 600 && w.source && w.year >= 2015);
    });

    it('models: >= 150 rows, absolute parameter counts, MoE active < total, aliases unambiguous', () => {
      const rows = listModels();
      assert.ok(rows.length >= 150, `${rows.length} models`);
      assertCited(rows, 'models');
      assertUnique(rows.map((m) => m.id.toLowerCase()), 'model id');
      for (const m of rows) {
        assert.ok(Number.isInteger(m.params) && m.params >= 1e6, `${m.id} params ${m.params} not absolute`);
        if (m.activeParams !== undefined) assert.ok(m.activeParams > 0 && m.activeParams < m.params, `${m.id} active`);
        for (const alias of [m.id, ...m.aliases]) assert.strictEqual(findModel(alias)?.id, m.id, `alias ${alias}`);
      }
    });

    it('pue: cited, >= 1, one preferred value per provider', () => {
      const rows = listPue();
      assertCited(rows, 'pue');
      for (const p of rows) assert.ok(p.pue >= 1 && p.pue < 3, `${p.provider} ${p.pue}`);
      const preferred = rows.filter((p) => p.preferred).map((p) => p.provider);
      assertUnique(preferred, 'preferred pue provider');
      for (const p of ['aws', 'gcp', 'azure', 'on-prem', 'unknown', 'oracle', 'ovhcloud']) assert.ok(preferred.includes(p), p);
    });

    it('equivalences: cited, positive, usable label templates, the required ids exist', () => {
      const rows = listEquivalences();
      assertCited(rows, 'equivalences');
      assertUnique(rows.map((e) => e.id), 'equivalence id');
      for (const e of rows) {
        assert.ok(e.kgPerUnit > 0, e.id);
        assert.ok(e.label.includes('{n}'), `${e.id} label has no {n}`);
        assert.ok(e.unit.length > 0, e.id);
      }
      for (const id of ['car_lifetime', 'flight_sf_ny', 'person_year_us', 'person_year_world', 'km_car',
        'home_year_electricity', 'smartphone_charge', 'tree_year']) {
        assert.ok(findEquivalence(id), id);
      }
    });

    it('equivalences keep the physical ordering a reader expects', () => {
      const kg = (id: string) => findEquivalence(id)!.kgPerUnit;
      assert.ok(kg('smartphone_charge') < kg('km_car'));
      assert.ok(kg('km_car') < kg('tree_year'));
      assert.ok(kg('flight_sf_ny') < kg('person_year_world'));
      assert.ok(kg('person_year_world') < kg('person_year_us'));
      assert.ok(kg('person_year_us') < kg('car_lifetime'));
      // Strubell's 126,000 lb, converted to kg.
      assert.ok(Math.abs(kg('car_lifetime') - 126000 * 0.45359237) < 1);
    });

    it('instances: cited, mapped rows point at catalogued devices, counts sensible', () => {
      const rows = listInstances();
      assert.ok(rows.length >= 600, `${rows.length} mapped instances`);
      assertCited(rows, 'instances');
      const ids = new Set(listAccelerators().map((a) => a.id));
      for (const i of rows) {
        assert.ok(ids.has(i.accelerator), `${i.name} → ${i.accelerator}`);
        assert.ok(i.count >= 0, `${i.name} count`);
        if (i.kind === 'instance_type' || i.kind === 'sagemaker') assert.ok(i.count > 0, `${i.name} has no devices`);
      }
    });
  });

  describe('findAccelerator', () => {
    const cases: Array<[string, string]> = [
      ['nvidia-a100-sxm4-80gb', 'nvidia-a100-sxm4-80gb'],
      ['NVIDIA A100-SXM4-80GB', 'nvidia-a100-sxm4-80gb'],
      ['A100-80GB', 'nvidia-a100-sxm4-80gb'],
      ['a100 80gb', 'nvidia-a100-sxm4-80gb'],
      ['nvidia-a100-80gb', 'nvidia-a100-sxm4-80gb'],
      ['NVIDIA_A100_80GB', 'nvidia-a100-sxm4-80gb'],
      ['A100', 'nvidia-a100-sxm4-40gb'],
      ['nvidia-tesla-a100', 'nvidia-a100-sxm4-40gb'],
      ['A100-SXM4-40GB', 'nvidia-a100-sxm4-40gb'],
      ['A100 PCIe 40GB', 'nvidia-a100-pcie-40gb'],
      ['NVIDIA A100 80GB PCIe', 'nvidia-a100-pcie-80gb'],
      ['A100-PCIE-80GB', 'nvidia-a100-pcie-80gb'],
      ['H100', 'nvidia-h100-sxm5-80gb'],
      ['H100 SXM', 'nvidia-h100-sxm5-80gb'],
      ['nvidia-h100-80gb', 'nvidia-h100-sxm5-80gb'],
      ['NVIDIA H100 80GB HBM3', 'nvidia-h100-sxm5-80gb'],
      ['H100 PCIe', 'nvidia-h100-pcie-80gb'],
      ['H100 NVL', 'nvidia-h100-nvl-94gb'],
      ['H200', 'nvidia-h200-sxm-141gb'],
      ['H200 NVL', 'nvidia-h200-nvl-141gb'],
      ['B200', 'nvidia-b200-sxm'],
      ['GB200', 'nvidia-gb200'],
      ['L4', 'nvidia-l4'],
      ['nvidia-l4', 'nvidia-l4'],
      ['NVIDIA_L4', 'nvidia-l4'],
      ['L40S', 'nvidia-l40s'],
      ['A10G', 'nvidia-a10g'],
      ['A10', 'nvidia-a10'],
      ['T4', 'nvidia-t4'],
      ['Tesla T4', 'nvidia-t4'],
      ['nvidia-tesla-t4', 'nvidia-t4'],
      ['NVIDIA_TESLA_T4', 'nvidia-t4'],
      ['V100', 'nvidia-v100-sxm2-16gb'],
      ['Tesla V100', 'nvidia-v100-sxm2-16gb'],
      ['nvidia-tesla-v100', 'nvidia-v100-sxm2-16gb'],
      ['V100 32GB', 'nvidia-v100-sxm2-32gb'],
      ['Tesla V100-PCIE-16GB', 'nvidia-v100-pcie-16gb'],
      ['P100', 'nvidia-p100-pcie-16gb'],
      ['K80', 'nvidia-k80'],
      ['RTX 3090', 'nvidia-rtx-3090'],
      ['NVIDIA GeForce RTX 4090', 'nvidia-rtx-4090'],
      ['RTX A6000', 'nvidia-rtx-a6000'],
      ['AMD Instinct MI250X', 'amd-mi250x'],
      ['MI300X', 'amd-mi300x'],
      ['TPU v3', 'google-tpu-v3'],
      ['tpu-v4', 'google-tpu-v4'],
      ['TPU v5e', 'google-tpu-v5e'],
      ['v5litepod', 'google-tpu-v5e'],
      ['TPU v5p', 'google-tpu-v5p'],
      ['Gaudi 2', 'intel-gaudi2'],
      ['Intel Gaudi 3', 'intel-gaudi3'],
      ['Trainium', 'aws-trainium1'],
      ['Trainium2', 'aws-trainium2'],
      ['Inferentia2', 'aws-inferentia2'],
    ];
    for (const [input, id] of cases) {
      it(`${JSON.stringify(input)} → ${id}`, () => assert.strictEqual(accId(input), id));
    }

    it('strips counts and label keys written around the device', () => {
      assert.strictEqual(accId('A100:8'), 'nvidia-a100-sxm4-40gb');
      assert.strictEqual(accId('H100:8'), 'nvidia-h100-sxm5-80gb');
      assert.strictEqual(accId('8x H100'), 'nvidia-h100-sxm5-80gb');
      assert.strictEqual(accId('8xA100-80GB'), 'nvidia-a100-sxm4-80gb');
      assert.strictEqual(accId('L4 x 4'), 'nvidia-l4');
      assert.strictEqual(accId('nvidia.com/gpu.product=Tesla-T4'), 'nvidia-t4');
      assert.strictEqual(accId('cloud.google.com/gke-accelerator=nvidia-tesla-v100'), 'nvidia-v100-sxm2-16gb');
    });

    it('reads memory and form factor out of longer descriptions', () => {
      assert.strictEqual(accId('NVIDIA A100 Tensor Core GPU 80GB'), 'nvidia-a100-sxm4-80gb');
      assert.strictEqual(accId('NVIDIA A100 Tensor Core GPU 40 GB PCIe'), 'nvidia-a100-pcie-40gb');
      assert.strictEqual(accId('NVIDIA H100 Tensor Core GPU (PCIe)'), 'nvidia-h100-pcie-80gb');
      assert.strictEqual(accId('Tesla V100 SXM2 32 GB'), 'nvidia-v100-sxm2-32gb');
    });

    it('is case-, space-, dash- and underscore-insensitive for every alias', () => {
      const pairs = listAccelerators().flatMap((a) => a.aliases.map((alias) => [alias, a.id] as const));
      fc.assert(
        fc.property(fc.constantFrom(...pairs).chain(([alias, id]) => respelled(alias).map((s) => [s, id] as const)), ([s, id]) => {
          assert.strictEqual(accId(s), id, s);
        }),
        { numRuns: 400 },
      );
    });

    it('returns undefined for non-devices and never throws', () => {
      for (const s of ['', '   ', 'gpt-4o', 'llama-3-8b', 'M2', 'A1000000', 'banana', 'x'.repeat(100_000), '8x', ':8']) {
        assert.strictEqual(findAccelerator(s), undefined, JSON.stringify(s.slice(0, 20)));
      }
      for (const bad of [undefined, null, 42, {}, []] as unknown[]) assert.strictEqual(findAccelerator(bad as string), undefined);
      fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
        findAccelerator(s);
      }));
    });

    it('the default accelerator is a catalogued device', () => {
      assert.strictEqual(accId(DEFAULT_ACCELERATOR_ID), DEFAULT_ACCELERATOR_ID);
    });
  });

  describe('findRegion / findCountry', () => {
    const cloud = (s: string) => {
      const m = findRegion(s);
      return m?.kind === 'cloud' ? m.region.id : undefined;
    };
    const country = (s: string) => {
      const m = findRegion(s);
      return m?.kind === 'country' ? m.country.code : undefined;
    };

    it('provider-prefixed ids', () => {
      assert.strictEqual(cloud('aws:us-east-1'), 'aws:us-east-1');
      assert.strictEqual(cloud('gcp:europe-west1'), 'gcp:europe-west1');
      assert.strictEqual(cloud('azure:westeurope'), 'azure:westeurope');
      assert.strictEqual(cloud('google:us-west1'), 'gcp:us-west1');
      assert.strictEqual(cloud('AZURE:West Europe'), 'azure:westeurope');
      assert.strictEqual(cloud('azure:EastUS'), 'azure:eastus');
    });

    it('bare names infer the provider from the naming scheme', () => {
      assert.strictEqual(cloud('us-east-1'), 'aws:us-east-1');
      assert.strictEqual(cloud('us-east1'), 'gcp:us-east1');
      assert.strictEqual(cloud('europe-west4'), 'gcp:europe-west4');
      assert.strictEqual(cloud('eu-west-1'), 'aws:eu-west-1');
      assert.strictEqual(cloud('westeurope'), 'azure:westeurope');
      assert.strictEqual(cloud('East US 2'), 'azure:eastus2');
    });

    it('zones resolve to their region', () => {
      assert.strictEqual(cloud('us-central1-a'), 'gcp:us-central1');
      assert.strictEqual(cloud('gcp:europe-west4-b'), 'gcp:europe-west4');
      assert.strictEqual(cloud('us-east-1a'), 'aws:us-east-1');
    });

    it('the same place differs by provider and carries its own vintage', () => {
      const aws = findRegion('aws:us-east-1');
      const gcp = findRegion('gcp:us-east4');
      assert.ok(aws?.kind === 'cloud' && gcp?.kind === 'cloud');
      assert.strictEqual(aws.region.country, 'US');
      assert.ok(aws.region.year !== gcp.region.year || aws.region.source !== gcp.region.source);
    });

    it('countries by ISO-2, ISO-3 and name', () => {
      for (const s of ['FR', 'fr', 'FRA', 'France', 'france', 'country:FR']) assert.strictEqual(country(s), 'FR', s);
      assert.strictEqual(country('GB'), 'GB');
      assert.strictEqual(country('UK'), 'GB');
      assert.strictEqual(country('United States'), 'US');
      assert.strictEqual(country('USA'), 'US');
      assert.strictEqual(findCountry('DEU')?.code, 'DE');
      // Low-carbon grids read lower than coal-heavy ones.
      assert.ok(findCountry('FR')!.gPerKwh < findCountry('PL')!.gPerKwh);
      const fr = findCountry('FR')!;
      assert.ok(fr.source && fr.year >= 2020);
    });

    it('unknown places are undefined, never an exception', () => {
      for (const s of ['', 'mars-1', 'aws:eu-nowhere-9', 'gcp:us-east-1', 'ibm:us-south', 'XX', 'ZZZ', 'aws:', ':']) {
        assert.strictEqual(findRegion(s), undefined, s);
      }
      assert.strictEqual(findCountry('Atlantis'), undefined);
      fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
        findRegion(s);
        findCountry(s);
      }));
      assert.deepStrictEqual(listRegions('ibm'), []);
      assert.ok(listRegions('Google').every((r) => r.provider === 'gcp'));
    });
  });

  describe('findModel / parseModelSize', () => {
    it('exact ids, aliases and case', () => {
      assert.strictEqual(findModel('meta-llama/Llama-2-7b-hf')?.id, 'meta-llama/Llama-2-7b-hf');
      assert.strictEqual(findModel('META-LLAMA/llama-2-7B-HF')?.id, 'meta-llama/Llama-2-7b-hf');
      assert.strictEqual(findModel('gpt2')?.id, 'openai-community/gpt2');
      assert.strictEqual(findModel('meta-llama/Meta-Llama-3.1-8B-Instruct')?.id, 'meta-llama/Llama-3.1-8B-Instruct');
    });

    it('bare names, hub URLs and quantised packagings', () => {
      assert.strictEqual(findModel('Llama-2-7b-hf')?.id, 'meta-llama/Llama-2-7b-hf');
      assert.strictEqual(findModel('https://huggingface.co/Qwen/Qwen2.5-7B-Instruct')?.id, 'Qwen/Qwen2.5-7B-Instruct');
      assert.strictEqual(findModel('someone/Qwen2.5-7B-Instruct-AWQ')?.id, 'Qwen/Qwen2.5-7B-Instruct');
      assert.strictEqual(findModel('TheBloke/Llama-2-7B-Chat-GGUF')?.id, 'meta-llama/Llama-2-7b-chat-hf');
    });

    it('mixture-of-experts models keep total and active apart', () => {
      const mixtral = findModel('mistralai/Mixtral-8x7B-v0.1')!;
      assert.ok(mixtral.activeParams! < mixtral.params);
      // N×M overstates Mixtral: the experts share attention and embeddings.
      assert.ok(mixtral.params < 8 * 7e9);
    });

    it('unknown models are undefined', () => {
      for (const s of ['', 'my-org/my-private-model', 'gpt-4o', 'x'.repeat(5000)]) assert.strictEqual(findModel(s), undefined, s.slice(0, 20));
    });

    const B = 1e9;
    const M = 1e6;
    const sizes: Array<[string, number]> = [
      ['7b', 7 * B],
      ['7B', 7 * B],
      ['1.5B', 1.5 * B],
      ['350m', 350 * M],
      ['70B', 70 * B],
      ['7 billion', 7 * B],
      ['7000000000', 7 * B],
      ['my-org/llama-13b-chat', 13 * B],
      ['someone/pythia-fork-410m-deduped', 410 * M],
      ['acme/model-0.5B', 0.5 * B],
      ['gemma-2-2b-it-custom', 2 * B],
    ];
    for (const [text, params] of sizes) {
      it(`parseModelSize(${JSON.stringify(text)}) = ${params}`, () => {
        const r = parseModelSize(text);
        assert.ok(r, 'no result');
        assert.ok(Math.abs(r.params - params) < 1, `${r.params}`);
        assert.ok(!r.approximate);
      });
    }

    it('catalogued ids give the recorded count, not the rounded name', () => {
      const qwen = parseModelSize('Qwen/Qwen2.5-7B-Instruct')!;
      assert.strictEqual(qwen.params, findModel('Qwen/Qwen2.5-7B-Instruct')!.params);
      assert.notStrictEqual(qwen.params, 7e9);
    });

    it('NxM: catalogue for known MoE names, flagged upper bound otherwise', () => {
      const known = parseModelSize('Mixtral-8x22B')!;
      assert.ok(known.params > 130 * B && known.params < 150 * B, `${known.params}`);
      assert.ok(known.activeParams! > 30 * B && known.activeParams! < 45 * B);
      assert.ok(!known.approximate);
      const unknown = parseModelSize('8x22B')!;
      assert.strictEqual(unknown.params, 176 * B);
      assert.strictEqual(unknown.approximate, true);
      assert.strictEqual(parseModelSize('acme/frankenmoe-4x7b')?.approximate, true);
    });

    it('reads active parameters from -A<n>B names', () => {
      const r = parseModelSize('acme/custom-30B-A3B-instruct')!;
      assert.strictEqual(r.params, 30 * B);
      assert.strictEqual(r.activeParams, 3 * B);
    });

    it('versions, dates, context lengths and bit widths are not sizes', () => {
      for (const s of ['v2', 'gpt-4o', '2024-05', '2024', 'acme/gpt2-finetune', 'Qwen2.5', 'phi-3-mini-4k', 'bnb-4bit', 'v0.1', 'A3B', '0b', '',
        'x'.repeat(5000), '128k', 'resnet50', '7bit']) {
        assert.strictEqual(parseModelSize(s), undefined, s.slice(0, 20));
      }
      fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = parseModelSize(s);
        if (r) assert.ok(Number.isFinite(r.params) && r.params > 0);
      }));
    });
  });

  describe('pueFor', () => {
    it('returns the provider fleet value, lower than the industry average', () => {
      const unknown = pueFor(undefined);
      for (const p of ['aws', 'gcp', 'azure']) {
        const e = pueFor(p);
        assert.strictEqual(e.provider, p);
        assert.ok(e.pue >= 1 && e.pue < unknown.pue, `${p} ${e.pue}`);
        assert.ok(e.source && e.year);
      }
      assert.strictEqual(pueFor('Google').provider, 'gcp');
      assert.strictEqual(pueFor('Microsoft Azure').provider, 'azure');
      assert.strictEqual(pueFor('OCI').provider, 'oracle');
    });

    it('falls back to the industry average for unknown or missing providers', () => {
      const fallback = pueFor(undefined);
      assert.strictEqual(fallback.provider, 'unknown');
      assert.strictEqual(fallback.pue, 1.56);
      assert.match(fallback.source, /Uptime/);
      for (const p of ['', 'unknown', 'lambda', 'coreweave', 'my-basement', 'x'.repeat(10_000)]) {
        assert.deepStrictEqual(pueFor(p), fallback, p.slice(0, 20));
      }
      assert.strictEqual(pueFor('on-prem').pue, fallback.pue);
      assert.strictEqual(pueFor('on-prem').provider, 'on-prem');
    });
  });

  describe('findInstance', () => {
    const cases: Array<[string, string, number]> = [
      ['p4d.24xlarge', 'nvidia-a100-sxm4-40gb', 8],
      ['p4de.24xlarge', 'nvidia-a100-sxm4-80gb', 8],
      ['p5.48xlarge', 'nvidia-h100-sxm5-80gb', 8],
      ['g5.12xlarge', 'nvidia-a10g', 4],
      ['g4dn.xlarge', 'nvidia-t4', 1],
      ['ml.g5.48xlarge', 'nvidia-a10g', 8],
      ['a2-highgpu-8g', 'nvidia-a100-sxm4-40gb', 8],
      ['a2-ultragpu-1g', 'nvidia-a100-sxm4-80gb', 1],
      ['a3-highgpu-8g', 'nvidia-h100-sxm5-80gb', 8],
      ['g2-standard-48', 'nvidia-l4', 4],
      ['Standard_ND96asr_v4', 'nvidia-a100-sxm4-40gb', 8],
      ['standard_nd96isr_h100_v5', 'nvidia-h100-sxm5-80gb', 8],
      ['ND96amsr_A100_v4', 'nvidia-a100-sxm4-80gb', 8],
      ['v4-32', 'google-tpu-v4', 16],
      ['v5litepod-8', 'google-tpu-v5e', 8],
      ['NVIDIA_L4', 'nvidia-l4', 0],
      ['nvidia-l4', 'nvidia-l4', 0],
      ['nvidia-tesla-t4', 'nvidia-t4', 0],
      ['cloud.google.com/gke-accelerator=nvidia-h100-80gb', 'nvidia-h100-sxm5-80gb', 0],
    ];
    for (const [name, acc, count] of cases) {
      it(`${name} → ${count} × ${acc}`, () => {
        const i = findInstance(name);
        assert.ok(i, 'not found');
        assert.strictEqual(i.accelerator, acc);
        assert.strictEqual(i.count, count);
      });
    }

    it('never returns a row whose device is not catalogued', () => {
      for (const s of ['g4ad.xlarge', 'dl2q.24xlarge', 'p6-b300.48xlarge', '', 'm5.large', 'n1-standard-8', 'x'.repeat(5000)]) {
        assert.strictEqual(findInstance(s), undefined, s.slice(0, 20));
      }
      fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
        const i = findInstance(s);
        if (i) assert.ok(findAccelerator(i.accelerator));
      }));
    });

    it('every catalogued instance name finds a row with the same device', () => {
      for (const i of listInstances()) {
        assert.strictEqual(findInstance(i.name)?.accelerator, i.accelerator, i.name);
      }
    });
  });

  describe('embodied carbon', () => {
    it('devices with their own figure are not defaults; aliases work', () => {
      const h100 = embodiedFor('H100');
      assert.strictEqual(h100.isDefault, false);
      assert.ok(h100.kgPerDevice > 0 && h100.source && h100.year && h100.lifetimeYears > 0);
      assert.strictEqual(embodiedFor('nvidia-a100-sxm4-80gb').isDefault, false);
    });

    it('others get a flagged default with the same lifetime', () => {
      const t4 = embodiedFor('T4');
      const junk = embodiedFor('not a device');
      assert.strictEqual(t4.isDefault, true);
      assert.deepStrictEqual(junk, t4);
      assert.strictEqual(t4.lifetimeYears, embodiedFor('H100').lifetimeYears);
      assert.deepStrictEqual(embodiedFor(undefined as unknown as string), t4);
    });

    it('the host server outweighs one device and serves several', () => {
      const host = hostServerEmbodied();
      assert.ok(host.kgPerServer > embodiedFor('H100').kgPerDevice);
      assert.ok(host.devicesPerServer >= 1);
      assert.ok(host.source && host.year && host.lifetimeYears > 0);
    });
  });

  describe('loading', () => {
    it('parses no table at import, and only the tables a call needs', () => {
      const catalogPath = require.resolve('../../src/core/catalog');
      const dataDir = path.join(path.dirname(catalogPath), 'data');
      const loaded = () => Object.keys(require.cache).filter((k) => k.startsWith(dataDir) && k.endsWith('.json'));
      const saved = new Map(Object.entries(require.cache));
      try {
        for (const k of [catalogPath, ...loaded()]) delete require.cache[k];
        const fresh = require(catalogPath) as typeof import('../../src/core/catalog');
        assert.deepStrictEqual(loaded(), []);
        fresh.pueFor('aws');
        assert.deepStrictEqual(loaded().map((k) => path.basename(k)), ['pue.json']);
        assert.strictEqual(fresh.findAccelerator('H100')?.id, 'nvidia-h100-sxm5-80gb');
        assert.ok(loaded().map((k) => path.basename(k)).includes('accelerators.json'));
      } finally {
        for (const [k, v] of saved) require.cache[k] = v;
      }
    });
  });
});
