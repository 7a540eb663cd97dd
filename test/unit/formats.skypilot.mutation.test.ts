// The SkyPilot reader (src/formats/handlers/skypilot.ts): accelerator alternatives, instance types,
// regions from `infra:` or `cloud:`/`region:`/`zone:`, spot notes, SkyServe replicas and engines, models
// from envs and download commands, where the task may launch, and the what-if edits. Written to kill
// mutants that survived (issue #19). The texts imitate skypilot-org/skypilot's examples (llm/vllm
// service.yaml with `envs: MODEL_NAME`, llm/llama-3_1-finetuning with `tune download`, examples using
// `any_of` and the legacy `cloud:`/`region:` keys, 2024-2025); each expected value is derived by hand
// in a comment, with the 1-based line it is read from.
import * as assert from 'assert';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText, makeInput } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { skypilotHandler } from '../../src/formats/handlers/skypilot';
import type { Change, TextEditSpec } from '../../src/formats/types';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function task(text: string, fileName = 'task.yaml'): RunSpec {
  const a = analyzeText(text, fileName);
  assert.strictEqual(a.format, 'skypilot');
  assert.strictEqual(a.runs.length, 1);
  return a.runs[0];
}

/** value, origin, 1-based line and note of an input. */
function at(r: RunSpec, field: keyof RunSpec['inputs']): [unknown, string, number, string | undefined] {
  const f = r.inputs[field];
  assert.ok(f, `${String(field)} missing (have ${Object.keys(r.inputs).join(', ')})`);
  return [f!.value, f!.origin, f!.range ? f!.range.startLine + 1 : 0, f!.note];
}

function applyEdits(text: string, edits: TextEditSpec[]): string {
  const lines = text.split('\n');
  const off = (l: number, c: number) => lines.slice(0, l).reduce((s, x) => s + x.length + 1, 0) + c;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.startLine, b.range.startCol) - off(a.range.startLine, a.range.startCol))) {
    out = out.slice(0, off(e.range.startLine, e.range.startCol)) + e.newText + out.slice(off(e.range.endLine, e.range.endCol));
  }
  return out;
}

function edited(text: string, change: Change): string | undefined {
  const r = analyzeText(text, 'task.yaml').runs[0];
  const edits = planChange(text, 'task.yaml', r, change);
  return edits ? applyEdits(text, edits) : undefined;
}

describe('SkyPilot reader (mutation tests)', () => {
  describe('accelerators and where they run', () => {
    it('a map of alternatives: the first is estimated and the note lists them; infra with a zone gives its region', () => {
      const r = task(yaml('name: finetune', 'resources:', '  accelerators: {L4: 1, A10G: 1}', '  infra: gcp/us-central1/us-central1-a', '  use_spot: true', 'run: python train.py'));
      assert.strictEqual(r.name, 'finetune');
      assert.strictEqual(r.anchor!.startLine + 1, 1); // name:
      assert.deepStrictEqual(at(r, 'hardware'), ['L4', 'file', 3, 'L4 → L4 PCIe 24GB']);
      // `L4: 1` states the count: from the file, with no "means one device" note.
      assert.deepStrictEqual(at(r, 'count'), [1, 'file', 3, undefined]);
      // infra gcp/us-central1/us-central1-a: the zone (third part) is in gcp:us-central1.
      assert.deepStrictEqual(at(r, 'region'), ['gcp:us-central1', 'file', 4, 'infra gcp/us-central1/us-central1-a']);
      assert.deepStrictEqual(r.notes, [
        'Accelerators list alternatives (L4:1, A10G:1); estimated with the first, L4:1.',
        'Spot instances: preemptions can repeat work, which this estimate does not include.',
      ]);
      assert.deepStrictEqual(r.placement, { provider: 'gcp', multiCloud: false, note: 'the SkyPilot task pins gcp' });
    });

    it('`{A100: 8}` is 8 stated devices, not "one device"', () => {
      // Was: count 8 with origin inferred and the note "`accelerators: A100` means one device".
      const r = task(yaml('resources:', '  accelerators: {A100: 8}', 'run: python train.py'));
      assert.deepStrictEqual(at(r, 'count'), [8, 'file', 2, undefined]);
    });

    it('a list of alternatives; the legacy cloud/region keys give the region, and say so', () => {
      const r = task(yaml('resources:', '  accelerators: [A100:8, H100:8]', '  cloud: gcp', '  region: us-central1', '  zone: us-central1-a', 'run: |', '  torchrun --nproc_per_node 8 train.py'), 'jobs/alt.yaml');
      assert.strictEqual(r.name, 'alt.yaml'); //                    no name: the file's base name
      assert.deepStrictEqual(at(r, 'hardware'), ['A100', 'file', 2, 'A100 → A100 SXM4 40GB']);
      assert.deepStrictEqual(at(r, 'count'), [8, 'file', 2, undefined]); // A100:8
      assert.deepStrictEqual(at(r, 'region'), ['gcp:us-central1', 'file', 4, 'cloud gcp, region us-central1']);
      assert.deepStrictEqual(r.notes, ['Accelerators list alternatives (A100:8, H100:8); estimated with the first, A100:8.']);
    });

    it('a zone alone, no cloud: its region, without a cloud note', () => {
      const r = task(yaml('resources:', '  accelerators: A100:1', '  zone: us-west-2a', 'run: python train.py'));
      assert.deepStrictEqual(at(r, 'region'), ['aws:us-west-2', 'file', 3, undefined]);
    });

    it('a device without a count is one device, and the note says it is assumed', () => {
      const r = task(yaml('resources:', '  accelerators: A10G', 'run: python train.py'));
      assert.deepStrictEqual(at(r, 'count'), [1, 'inferred', 2, '`accelerators: A10G` means one device']);
    });

    it('instance_type only: its devices per node × num_nodes, and the region left to SkyPilot', () => {
      const r = task(yaml('num_nodes: 2', 'resources:', '  instance_type: p4d.24xlarge', '  cloud: aws', 'setup: |', '  huggingface-cli download meta-llama/Llama-3.1-8B', 'run: |', '  python train.py'));
      assert.deepStrictEqual(at(r, 'hardware'), ['nvidia-a100-sxm4-40gb', 'inferred', 3, 'p4d.24xlarge = 8 × A100 SXM4 40GB']);
      assert.deepStrictEqual(at(r, 'count'), [16, 'inferred', 3, '8 per node × 2 nodes']); // 8 A100 per p4d × 2 nodes
      assert.deepStrictEqual(at(r, 'nodes'), [2, 'file', 1, undefined]);
      assert.deepStrictEqual(at(r, 'model'), ['meta-llama/Llama-3.1-8B', 'file', 6, undefined]);
      assert.strictEqual(r.inputs.model!.key, 'huggingface-cli download');
      assert.deepStrictEqual(r.notes, ['Region not pinned (aws): SkyPilot picks one at launch.']);
      assert.deepStrictEqual(r.placement, { provider: 'aws', multiCloud: false, note: 'the SkyPilot task pins aws' });
    });

    it('no accelerators and no launcher: said; use_spot: false is no spot note; no cloud pinned', () => {
      const r = task(yaml('resources:', '  cpus: 4+', '  use_spot: false', 'run: python preprocess.py'));
      assert.deepStrictEqual(r.notes, ['No accelerators in resources and no launcher in run:.']);
      assert.strictEqual(r.inputs.count, undefined);
      assert.deepStrictEqual(r.placement, { multiCloud: true, note: 'the SkyPilot task pins no cloud, so SkyPilot may pick any enabled one' });
    });

    it('`tune download $ORG/$NAME` with both in envs: the model, and how it was put together', () => {
      const r = task(yaml('resources:', '  accelerators: A10G', 'envs:', '  ORG: Qwen', '  NAME: Qwen2.5-0.5B', 'run: |', '  tune download $ORG/$NAME --output-dir /tmp/m'));
      assert.deepStrictEqual(at(r, 'model'), ['Qwen/Qwen2.5-0.5B', 'file', 7, '$ORG/$NAME with ORG=Qwen, NAME=Qwen2.5-0.5B from envs']);
      assert.strictEqual(r.inputs.model!.key, 'tune download');
    });

    it('a download of an unset variable names no model', () => {
      const r = task(yaml('resources:', '  accelerators: A10G', 'run: |', '  hf download $MODEL'));
      assert.strictEqual(r.inputs.model, undefined);
    });
  });

  describe('SkyServe services', () => {
    it('min_replicas × accelerators, the autoscaling note, a tensor-parallel size the resources do not give, clouds of any_of', () => {
      const r = task(yaml('service:', '  readiness_probe: /v1/models', '  replica_policy:', '    min_replicas: 2', '    max_replicas: 4', 'resources:', '  accelerators: A100:2',
        '  any_of:', '    - infra: aws', '    - infra: gcp', 'envs:', '  MODEL_NAME: meta-llama/Llama-3.1-8B-Instruct', 'run: |', '  vllm serve $MODEL_NAME --tensor-parallel-size 4'));
      assert.strictEqual(r.phase, 'inference');
      assert.deepStrictEqual(at(r, 'replicas'), [2, 'file', 4, undefined]);
      assert.deepStrictEqual(at(r, 'count'), [4, 'inferred', 7, '2 per replica × 2 replicas']); // A100:2 × min_replicas 2
      assert.deepStrictEqual(at(r, 'model'), ['meta-llama/Llama-3.1-8B-Instruct', 'file', 12, 'envs MODEL_NAME']);
      assert.deepStrictEqual(r.notes, ['Autoscaling up to 4 replicas; estimated at the minimum, 2.']);
      // --tensor-parallel-size 4 per replica against 2 A100 per replica.
      assert.deepStrictEqual(r.warnings, ['The engine is told to use 4 devices per replica but resources give 2.']);
      assert.deepStrictEqual(r.placement, { multiCloud: true, note: 'the SkyPilot resources list several clouds (aws, gcp)' });
    });

    it('TGI sharded over $SKYPILOT_NUM_GPUS_PER_NODE: the resources give the count, MODEL_ID the model', () => {
      const r = task(yaml('service:', '  readiness_probe: /health', '  replicas: 1', 'resources:', '  accelerators: L4:4', '  infra: AWS/us-east-1',
        'envs:', '  MODEL_ID: mistralai/Mistral-7B-Instruct-v0.3', 'run: |', '  text-generation-launcher --num-shard $SKYPILOT_NUM_GPUS_PER_NODE'));
      assert.deepStrictEqual(at(r, 'count'), [4, 'file', 5, undefined]); // L4:4 × 1 replica
      assert.deepStrictEqual(at(r, 'region'), ['aws:us-east-1', 'file', 6, 'infra AWS/us-east-1']);
      assert.deepStrictEqual(at(r, 'model'), ['mistralai/Mistral-7B-Instruct-v0.3', 'file', 8, 'envs MODEL_ID']);
      assert.deepStrictEqual(r.notes, ['The engine shards the model over all accelerators of the node ($SKYPILOT_NUM_GPUS_PER_NODE).']);
      assert.deepStrictEqual(r.warnings, []);
      assert.deepStrictEqual(r.placement, { provider: 'aws', multiCloud: false, note: 'the SkyPilot task pins aws' }); // AWS lower-cased
    });

    it('detection: a plain task that starts an engine is left to the serving reader (0.7), a service is SkyPilot (0.9)', () => {
      const plain = yaml('resources:', '  accelerators: L4:1', 'run: vllm serve m/x');
      assert.strictEqual(skypilotHandler.detect(makeInput(plain, 'task.yaml')), 0.7);
      assert.strictEqual(skypilotHandler.detect(makeInput(yaml('service:', '  readiness_probe: /', 'resources:', '  accelerators: L4:1', 'run: vllm serve m/x'), 'task.yaml')), 0.9);
      assert.strictEqual(skypilotHandler.detect(makeInput(yaml('resources:', '  accelerators: L4:1', 'run: python train.py'), 'task.yaml')), 0.9);
    });
  });

  describe('what-if edits', () => {
    it('region over legacy keys: region and cloud rewritten, the zone commented out', () => {
      const text = yaml('resources:', '  accelerators: [A100:8, H100:8]', '  cloud: gcp', '  region: us-central1', '  zone: us-central1-a', 'run: python train.py');
      assert.strictEqual(edited(text, { field: 'region', value: 'aws:us-east-1' }),
        yaml('resources:', '  accelerators: [A100:8, H100:8]', '  cloud: aws', '  region: us-east-1', '  # zone removed with the region change: us-central1-a', 'run: python train.py'));
    });

    it('region with no infra or region key: `infra:` added as the first resource', () => {
      assert.strictEqual(edited(yaml('resources:', '  accelerators: A10G', 'run: python train.py'), { field: 'region', value: 'aws:eu-north-1' }),
        yaml('resources:', '  infra: aws/eu-north-1', '  accelerators: A10G', 'run: python train.py'));
    });

    it('hardware: only the device name of `A100:8`; a map or list is rewritten whole with the count kept', () => {
      assert.strictEqual(edited(yaml('resources:', '  accelerators: A100:8', 'run: python train.py'), { field: 'hardware', value: 'nvidia-h100-80gb' }),
        yaml('resources:', '  accelerators: H100:8', 'run: python train.py'));
      assert.strictEqual(edited(yaml('resources:', '  accelerators: {A100: 8}', 'run: python train.py'), { field: 'hardware', value: 'nvidia-h100-80gb' }),
        yaml('resources:', '  accelerators: H100:8', 'run: python train.py'));
      assert.strictEqual(edited(yaml('resources:', '  accelerators: [A100:4, L4:8]', 'run: python train.py'), { field: 'hardware', value: 'nvidia-h100-80gb' }),
        yaml('resources:', '  accelerators: H100:4', 'run: python train.py'));
    });

    it('hardware beside an instance type is not written (it would contradict p4d.24xlarge)', () => {
      // Was `accelerators: H100:1` inserted above `instance_type: p4d.24xlarge`: 1 device instead of 8.
      const text = yaml('resources:', '  instance_type: p4d.24xlarge', 'run: python train.py');
      assert.strictEqual(edited(text, { field: 'hardware', value: 'nvidia-h100-80gb' }), undefined);
    });

    it('hardware for a service with no resources: a resources block is added', () => {
      assert.strictEqual(edited(yaml('service:', '  readiness_probe: /health', 'run: |', '  vllm serve m/x'), { field: 'hardware', value: 'nvidia-h100-80gb' }),
        yaml('resources:', '  accelerators: H100:1', 'service:', '  readiness_probe: /health', 'run: |', '  vllm serve m/x'));
    });
  });
});
