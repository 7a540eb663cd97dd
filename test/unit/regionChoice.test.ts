// Which region a region what-if may propose (src/core/regionChoice.ts). The expected regions are read off
// the tables by hand: src/core/data/regions.json (g CO₂e/kWh per region) and availability.json (which
// accelerator each cloud offers where), as quoted in each comment.
import * as assert from 'assert';
import { findAccelerator, findRegion } from '../../src/core/catalog';
import type { Accelerator, GridRegion } from '../../src/core/catalogTypes';
import { gridVariation } from '../../src/core/gridVariation';
import { basisLabel, coverageKnown, offerText, planRegions, runProvider, whyVeryLow } from '../../src/core/regionChoice';
import type { RunSpec, Sourced } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';

function region(id: string): GridRegion {
  const m = findRegion(id);
  assert.ok(m?.kind === 'cloud', id);
  return m.region;
}

function acc(name: string): Accelerator {
  const a = findAccelerator(name);
  assert.ok(a, name);
  return a;
}

function run(hardware?: Partial<Sourced<string>>, placement?: RunSpec['placement']): RunSpec {
  return {
    name: 'r', phase: 'training', format: 'carbon-lens', notes: [], warnings: [], placement,
    inputs: hardware ? { hardware: { value: '', origin: 'file', ...hardware } } : {},
  };
}

const settings = normalizeSettings({});
const crossCloud = normalizeSettings({ allowOtherProviders: true });

describe('regionChoice: the run\'s cloud', () => {
  it('takes the region\'s provider first, then the launcher\'s pinned cloud', () => {
    assert.strictEqual(runProvider(run({ value: 'p4d.24xlarge' }), 'gcp'), 'gcp');
    assert.strictEqual(runProvider(run(undefined, { provider: 'azure', multiCloud: false, note: 'cloud: azure' }), undefined), 'azure');
    // "local" is no cloud: the launcher's pin decides.
    assert.strictEqual(runProvider(run(undefined, { provider: 'aws', multiCloud: false, note: '' }), 'local'), 'aws');
  });

  it('reads an instance type or a cloud node label named as the hardware', () => {
    assert.strictEqual(runProvider(run({ value: 'p4d.24xlarge' }), undefined), 'aws');
    assert.strictEqual(runProvider(run({ value: '"p4d.24xlarge"' }), undefined), 'aws', 'quoted as in YAML');
    // The reader keeps the instance type at the start of the note.
    assert.strictEqual(runProvider(run({ value: 'A100', note: 'p4d.24xlarge = 8 × A100 SXM4 40GB' }), undefined), 'aws');
    assert.strictEqual(runProvider(run({ value: 'A100', note: 'p4d.24xlarge → 8 × A100 SXM4 40GB' }), undefined), 'aws');
    // Karpenter's GPU-name label pins AWS only with its key; "t4" alone is any cloud's T4.
    assert.strictEqual(runProvider(run({ value: 't4', key: 'karpenter.k8s.aws/instance-gpu-name' }), undefined), 'aws');
    assert.strictEqual(runProvider(run({ value: 't4' }), undefined), undefined);
    assert.strictEqual(runProvider(run({ value: 'A100' }), undefined), undefined, 'a bare device is on every cloud');
    assert.strictEqual(runProvider(run(), undefined), undefined);
  });
});

describe('regionChoice: where a what-if may move the run', () => {
  it('proposes the cleanest region of the run\'s own cloud that offers its accelerator', () => {
    // H100 SXM5 on AWS: 13 regions list it, the cleanest eu-north-1 (Stockholm, 8.8 g) — p5.48xlarge.
    const p = planRegions(run(), 'aws', acc('H100 SXM5 80GB'), 379.069, settings, 'aws:us-east-1');
    assert.strictEqual(p.provider, 'aws');
    assert.strictEqual(p.unknown, false);
    assert.strictEqual(p.crossCloud, undefined);
    assert.strictEqual(p.same?.region.id, 'aws:eu-north-1');
    assert.strictEqual(p.same?.offer?.types, 'p5.48xlarge');
    assert.strictEqual(p.other, undefined, 'no other cloud unless allowed');
    // AWS regions without any row (GovCloud 322 and 379 g, China 537 g) are dirtier than 8.8 g.
    assert.strictEqual(p.uncovered, undefined);
    assert.strictEqual(p.sibling, undefined);
  });

  it('never proposes the run\'s own region, nor one that is not cleaner', () => {
    // Run already in eu-north-1: the next AWS H100 region is sa-east-1 (61.7 g).
    assert.strictEqual(planRegions(run(), 'aws', acc('H100 SXM5 80GB'), 379.069, settings, 'aws:eu-north-1').same?.region.id, 'aws:sa-east-1');
    // At 8.8 g nothing on AWS is cleaner.
    assert.strictEqual(planRegions(run(), 'aws', acc('H100 SXM5 80GB'), 8.8, settings, 'aws:eu-north-1').same, undefined);
  });

  it('proposes another cloud only when allowed and cleaner than the own cloud\'s best', () => {
    // A100 80GB: AWS at best eu-central-1 (311 g, p4de.24xlarge); GCP europe-west4 (208.81 g) is cleaner.
    const p = planRegions(run(), 'aws', acc('A100 80GB'), 379.069, crossCloud, 'aws:us-east-1');
    assert.strictEqual(p.crossCloud, 'carbonLens.regions.allowOtherProviders is on');
    assert.strictEqual(p.same?.region.id, 'aws:eu-central-1');
    assert.strictEqual(p.other?.region.id, 'gcp:europe-west4');
    // The same through a multi-cloud launcher, whose note is the reason given.
    const sky = planRegions(run(undefined, { multiCloud: true, note: 'SkyPilot any_of: aws, gcp' }), 'aws', acc('A100 80GB'), 379.069, settings, 'aws:us-east-1');
    assert.strictEqual(sky.crossCloud, 'SkyPilot any_of: aws, gcp');
    assert.strictEqual(sky.other?.region.id, 'gcp:europe-west4');
    // Run already in eu-central-1: no cleaner AWS region (next 322 g), the other cloud stands alone.
    const alone = planRegions(run(), 'aws', acc('A100 80GB'), 311, crossCloud, 'aws:eu-central-1');
    assert.strictEqual(alone.same, undefined);
    assert.strictEqual(alone.other?.region.id, 'gcp:europe-west4');
    // H100 on AWS: its best (8.8 g) beats every other cloud (GCP europe-west9 16.3 g): no other.
    assert.strictEqual(planRegions(run(), 'aws', acc('H100 SXM5 80GB'), 379.069, crossCloud, 'aws:us-east-1').other, undefined);
  });

  it('names a cleaner region the availability data does not cover, as unchecked', () => {
    // A100 80GB on Azure: rows only in US regions (best southcentralus, 373.231 g). Azure outside the US
    // is not covered: swedencentral (5.67 g) is proposed apart, availability unknown.
    const p = planRegions(run(), 'azure', acc('A100 80GB'), 379.069, settings, 'azure:eastus');
    assert.strictEqual(p.same?.region.id, 'azure:southcentralus');
    assert.strictEqual(p.uncovered?.region.id, 'azure:swedencentral');
    assert.strictEqual(p.uncovered?.offer, undefined);
  });

  it('without a row for the accelerator on the cloud, any cleaner region, and the variant the cloud does list', () => {
    // H100 PCIe 80GB: no AWS row. Cleanest AWS region eu-north-1 (8.8 g), unchecked; the H100 SXM5 is
    // the same model and AWS lists it there.
    const p = planRegions(run(), 'aws', acc('H100 PCIe 80GB'), 379.069, settings, 'aws:us-east-1');
    assert.strictEqual(p.unknown, true);
    assert.strictEqual(p.same?.region.id, 'aws:eu-north-1');
    assert.strictEqual(p.same?.offer, undefined);
    assert.strictEqual(p.uncovered, undefined);
    assert.strictEqual(p.sibling?.accelerator.id, 'nvidia-h100-sxm5-80gb');
    assert.strictEqual(p.sibling?.candidate.region.id, 'aws:eu-north-1');
  });

  it('without a known cloud, the cleanest region of any cloud that offers the accelerator', () => {
    // H100 SXM5 anywhere: aws:eu-north-1 8.8 g before gcp:europe-west9 16.3 g.
    const p = planRegions(run(), undefined, acc('H100 SXM5 80GB'), 475, settings);
    assert.deepStrictEqual([p.provider, p.unknown, p.any?.region.id], [undefined, false, 'aws:eu-north-1']);
    // Excluding that one, the next is gcp:europe-west9.
    assert.strictEqual(planRegions(run(), undefined, acc('H100 SXM5 80GB'), 475, settings, 'aws:eu-north-1').any?.region.id, 'gcp:europe-west9');
    // An RTX 4090 is offered nowhere in the table: the cleanest region of all (gcp:europe-north2, 2.73 g), unchecked.
    const desk = planRegions(run(), undefined, acc('RTX 4090'), 475, settings);
    assert.strictEqual(desk.unknown, true);
    assert.strictEqual(desk.any?.region.id, 'gcp:europe-north2');
    assert.strictEqual(planRegions(run(), undefined, acc('RTX 4090'), 475, settings, 'gcp:europe-north2').any?.region.id, 'gcp:northamerica-northeast1');
    assert.strictEqual(planRegions(run(), undefined, acc('RTX 4090'), 2, settings).any, undefined, 'nothing under 2 g');
  });
});

describe('regionChoice: what a proposal says', () => {
  it('knows where "no row" means "not offered"', () => {
    assert.strictEqual(coverageKnown(region('gcp:us-central1')), true);
    assert.strictEqual(coverageKnown(region('gcp:us-east2')), false, 'not in the SkyPilot GCP catalogue');
    assert.strictEqual(coverageKnown(region('azure:eastus')), true);
    assert.strictEqual(coverageKnown(region('azure:swedencentral')), false, 'Azure rows cover the US only');
    assert.strictEqual(coverageKnown(region('aws:us-east-1')), true);
    assert.strictEqual(coverageKnown(region('aws:us-gov-west-1')), false, 'GovCloud is not in moto');
  });

  it('labels the intensity basis, Google\'s figures as operational', () => {
    assert.strictEqual(basisLabel(region('gcp:us-central1')), 'operational, location-based grid average; Google Cloud region carbon data, 2024');
    assert.strictEqual(basisLabel(region('azure:swedencentral')), 'location-based grid average, country factor; Cloud Carbon Footprint, 2021');
    assert.strictEqual(basisLabel(region('aws:us-east-1')), 'location-based grid average, eGRID2020 NERC SERC; Cloud Carbon Footprint, 2020');
  });

  it('says why a region is very clean from its country\'s mix, with Google\'s CFE share where given', () => {
    // Sweden (countries.json): renewables 0.692 → 69 %, nuclear 0.291 → 29 %, fossil 0.017 → 2 %.
    const se = 'Sweden\'s grid: 69 % renewables, 29 % nuclear, 2 % fossil (Our World in Data / Ember (via CodeCarbon), 2023)';
    assert.strictEqual(whyVeryLow(region('azure:swedencentral')), se);
    // gcp:europe-north2 (Stockholm): CFE 1 → 100 %.
    assert.strictEqual(whyVeryLow(region('gcp:europe-north2')), `${se}; Google reports 100 % carbon-free energy there`);
    // azure:apeast has no country: nothing to say.
    assert.strictEqual(whyVeryLow(region('azure:apeast')), undefined);
  });

  it('names the instance types offered, two at most, and the source without its detail', () => {
    const h100 = acc('H100 SXM5 80GB');
    const one = planRegions(run(), 'aws', h100, 379.069, settings, 'aws:us-east-1').same!.offer!;
    assert.strictEqual(offerText(h100, one), 'H100 SXM5 80GB is offered there (p5.48xlarge; getmoto/moto moto/ec2/resources/instance_type_offerings/region/eu-north-1.json@c6bd43ff2, 2026-08-01, secondary)');
    // GCP europe-west4 lists four A100 80GB machine types: the first two and an ellipsis.
    const a100 = acc('A100 80GB');
    const four = planRegions(run(), 'aws', a100, 379.069, crossCloud, 'aws:us-east-1').other!.offer!;
    assert.strictEqual(offerText(a100, four), 'A100 SXM4 80GB is offered there (a2-ultragpu-1g, a2-ultragpu-2g…; skypilot-org/skypilot-catalog catalogs/v8/gcp/vms.csv, ~2026, secondary)');
  });
});

describe('grid variation: a country named directly', () => {
  it('reads the country\'s mix, with no cloud CFE line, and cites the mix once', () => {
    // France (countries.json, 2023): fossil 0.084 → 8 % (under 15 %: mostly low-carbon), renewables 26 %, nuclear 65 %.
    const fr = gridVariation('FR');
    assert.deepStrictEqual([fr.verdict, fr.country, fr.source], ['mostly-low-carbon', 'FR', 'Our World in Data / Ember (via CodeCarbon), 2023']);
    assert.strictEqual(fr.text, 'France’s grid (2023): 8 % fossil, 26 % renewables (incl. hydro), 65 % nuclear. Mostly low-carbon generation: intensity is low most hours, so timing has little left to gain. Bundled data holds yearly averages only; no hourly figure is shown without a forecast.');
    assert.deepStrictEqual(gridVariation(undefined), { verdict: 'unknown', text: 'No region: set one to judge whether carbon-aware timing could help.' });
  });
});
