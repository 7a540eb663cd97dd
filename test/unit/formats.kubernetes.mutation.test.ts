// The Kubernetes reader (src/formats/handlers/kubernetes.ts): devices from an instance-type selector,
// per-group device counts, regions from zones, the job deadline, CPU jobs and the pod label naming the
// model, and the what-if edits of node selectors. Written to kill mutants that survived (issue #19);
// each figure is derived by hand in a comment, `[value, line]` giving the 1-based line it is read from.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import type { Change } from '../../src/formats/types';

const DIR = path.resolve(__dirname, '../fixtures/k8s-mutation');
const read = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');

function run(file: string, fileName = file): RunSpec {
  const a = analyzeText(read(file), fileName);
  assert.strictEqual(a.format, 'kubernetes');
  assert.strictEqual(a.runs.length, 1);
  return a.runs[0];
}

function at(r: RunSpec, field: keyof RunSpec['inputs']): [unknown, number] {
  const f = r.inputs[field];
  assert.ok(f, `${String(field)} missing (have ${Object.keys(r.inputs).join(', ')})`);
  return [f!.value, f!.range ? f!.range.startLine + 1 : 0];
}

/** The edited line(s), or undefined when no edit is planned. */
function edit(file: string, change: Change): string[] | undefined {
  const text = read(file);
  const r = analyzeText(text, file).runs[0];
  const edits = planChange(text, file, r, change);
  if (!edits) return undefined;
  const lines = text.split('\n');
  return edits.map((e) => {
    const l = lines[e.range.startLine];
    return (l.slice(0, e.range.startCol) + e.newText + l.slice(e.range.endCol)).trim();
  });
}

describe('Kubernetes reader (mutation tests)', () => {
  describe('PyTorchJob on p4d.24xlarge nodes without a GPU request', () => {
    const r = () => run('pytorchjob-instance-type.yaml');

    it('devices = 8 A100 per p4d.24xlarge × 3 pods (Master 1 + Worker 2)', () => {
      assert.deepStrictEqual(at(r(), 'count'), [24, 16]); // 8 × 3 = 24, from the instance-type selector (line 16)
      assert.strictEqual(r().inputs.count!.origin, 'inferred');
      assert.strictEqual(r().inputs.count!.note, 'p4d.24xlarge = 8 × A100 SXM4 40GB per pod × 3 pods');
      assert.deepStrictEqual(at(r(), 'hardware'), ['nvidia-a100-sxm4-40gb', 16]);
    });

    it('a zone selector gives its region, and says so', () => {
      assert.deepStrictEqual(at(r(), 'region'), ['aws:us-west-2', 17]); // topology.kubernetes.io/zone: us-west-2a
      assert.strictEqual(r().inputs.region!.note, 'us-west-2a → aws:us-west-2');
    });

    it('activeDeadlineSeconds 5400 is 1.50 h at most', () => {
      assert.ok(r().notes.includes('The job is stopped after 1.50 h at most (activeDeadlineSeconds).'), r().notes.join('\n'));
    });

    it('torchrun --nnodes 3 gives the nodes, from the command line (line 21)', () => {
      assert.deepStrictEqual(at(r(), 'nodes'), [3, 21]);
      assert.strictEqual(r().inputs.nodes!.origin, 'file');
      assert.deepStrictEqual(at(r(), 'epochs'), [2, 21]);
    });
  });

  describe('MPIJob: GPU groups of different sizes', () => {
    const r = () => run('mpijob-gpu-groups.yaml');

    it('devices = Launcher 1 × 1 + Worker 2 × 4 = 9, over 3 pods', () => {
      assert.deepStrictEqual(at(r(), 'count'), [9, 19]); // anchored on the first group's nvidia.com/gpu (line 19)
      assert.strictEqual(r().inputs.count!.note, 'Launcher 1 × 1 + Worker 2 × 4 (pods × devices per pod)');
      assert.strictEqual(r().inputs.nodes!.value, 3); //      1 + 2 pods
      assert.strictEqual(r().inputs.nodes!.note, '3 pods');
    });

    it('an Azure region name next to an Azure node-pool label', () => {
      assert.deepStrictEqual(at(r(), 'region'), ['azure:westeurope', 26]);
    });
  });

  describe('CPU job with a sidecar, named by its file', () => {
    const r = () => run('job-cpu-sidecar.yaml', 'k8s/job-cpu-sidecar.yaml');

    it('is named Job <file name> when metadata.name is absent', () => {
      assert.strictEqual(r().name, 'Job job-cpu-sidecar.yaml');
      assert.strictEqual(r().phase, 'training');
    });

    it('counts 4 vCPUs and says twice that no accelerator was requested', () => {
      assert.deepStrictEqual(at(r(), 'count'), [4, 20]); // requests.cpu: "4"
      assert.strictEqual(r().inputs.hardware!.value, 'cpu-vcpu');
      assert.deepStrictEqual(r().notes, [
        'Runs on CPUs: no accelerator is requested, so it is estimated per vCPU (4 in all), not on an assumed GPU.',
        'No accelerator request (nvidia.com/gpu) in the pod spec.',
      ]);
    });

    it('the Job label hf.co/model: org--name is the model org/name', () => {
      assert.deepStrictEqual(at(r(), 'model'), ['mistralai/Mistral-7B-v0.3', 7]);
      assert.strictEqual(r().inputs.model!.note, 'pod label hf.co/model: mistralai--Mistral-7B-v0.3');
      assert.strictEqual(r().inputs.model!.origin, 'file');
    });
  });

  describe('what-if edits of node selectors', () => {
    it('GKE: a region of the same cloud replaces the region selector', () => {
      assert.deepStrictEqual(edit('gke-job-region.yaml', { field: 'region', value: 'gcp:europe-north1' }), ['topology.kubernetes.io/region: europe-north1']);
    });

    it('GKE: a region of another cloud is not written (the nodes are in GCP)', () => {
      // Was written as `topology.kubernetes.io/region: eu-west-1`: no GKE node carries that label.
      assert.strictEqual(edit('gke-job-region.yaml', { field: 'region', value: 'aws:eu-west-1' }), undefined);
    });

    it('a zone selector is not rewritten with a region name', () => {
      // Was `topology.kubernetes.io/zone: eu-west-1`, a zone that does not exist.
      assert.strictEqual(edit('pytorchjob-instance-type.yaml', { field: 'region', value: 'aws:eu-west-1' }), undefined);
    });

    it('Azure: same cloud replaced, another cloud refused', () => {
      assert.deepStrictEqual(edit('mpijob-gpu-groups.yaml', { field: 'region', value: 'azure:northeurope' }), ['topology.kubernetes.io/region: northeurope']);
      assert.strictEqual(edit('mpijob-gpu-groups.yaml', { field: 'region', value: 'gcp:europe-west4' }), undefined);
    });

    it('GKE accelerator label: the GKE spelling of the new device', () => {
      assert.deepStrictEqual(edit('gke-job-region.yaml', { field: 'hardware', value: 'nvidia-h100-80gb' }), ['cloud.google.com/gke-accelerator: nvidia-h100-80gb']);
    });

    it('an instance-type selector is not overwritten with a device id', () => {
      // Was `node.kubernetes.io/instance-type: nvidia-h100-80gb` (the generic fallback pasted the id).
      assert.strictEqual(edit('pytorchjob-instance-type.yaml', { field: 'hardware', value: 'nvidia-h100-80gb' }), undefined);
    });
  });
});

describe('Kubernetes reader (mutation tests): commands, env and kinds', () => {
  const k8s = (...lines: string[]) => lines.join('\n') + '\n';
  const one = (text: string, format = 'kubernetes') => {
    const a = analyzeText(text, 'job.yaml');
    assert.strictEqual(a.format, format);
    return a.runs[0];
  };
  const job = (containerLines: string[]) => k8s('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: t', 'spec:', '  template:', '    spec:', '      containers:', ...containerLines);

  it('$(EPOCHS) in args is the container env value, not the first env entry', () => {
    // env HF_HOME=/data comes first; EPOCHS=3 is the one named. torchrun --nproc_per_node 4 is the count
    // (no nvidia.com/gpu request; the GKE accelerator label gives the device).
    const text = k8s('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: sft', 'spec:', '  template:', '    spec:', '      nodeSelector:',
      '        cloud.google.com/gke-accelerator: nvidia-l4', '      containers:', '        - name: trainer', '          image: us-docker.pkg.dev/p/train:latest',
      '          env:', '            - name: HF_HOME', '              value: /data', '            - name: EPOCHS', '              value: "3"',
      '          command: ["torchrun", "--nproc_per_node", "4", "train.py"]', '          args: ["--num_train_epochs", "$(EPOCHS)"]');
    const r = one(text);
    assert.deepStrictEqual(at(r, 'epochs'), [3, 17]); //  value: "3" (line 17)
    assert.strictEqual(r.inputs.epochs!.note, 'set through $(EPOCHS), env of container trainer (line 17)');
    assert.deepStrictEqual(at(r, 'count'), [4, 18]);
    assert.strictEqual(r.inputs.count!.note, 'from `torchrun --nproc_per_node 4` in the container command');
    assert.strictEqual(r.inputs.count!.key, 'nproc_per_node');
  });

  it('one pod with a GPU request: the request itself, from the file', () => {
    const r = run('gke-job-region.yaml');
    assert.deepStrictEqual(at(r, 'count'), [2, 19]); // nvidia.com/gpu: 2, one pod
    assert.strictEqual(r.inputs.count!.origin, 'file');
    assert.strictEqual(r.inputs.count!.note, undefined);
  });

  it('a StatefulSet with GPUs is serving: replicas × GPUs per pod', () => {
    const text = k8s('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: triton', 'spec:', '  replicas: 2', '  template:', '    spec:', '      containers:',
      '        - name: triton', '          image: nvcr.io/nvidia/tritonserver:24.05-py3', '          resources:', '            limits:', '              nvidia.com/gpu: 1');
    const r = one(text);
    assert.strictEqual(r.phase, 'inference');
    assert.deepStrictEqual(at(r, 'replicas'), [2, 6]);
    assert.deepStrictEqual(at(r, 'count'), [2, 14]); // 2 pods × 1
    assert.strictEqual(r.inputs.count!.note, 'pod 2 × 1 (pods × devices per pod)');
    assert.strictEqual(r.inputs.nodes, undefined); //   serving replicas are not nodes of one job
  });

  it('a CPU job whose script is the last word: `python train.py` is training', () => {
    const r = one(job(['        - name: e', '          image: python:3.11', '          command: ["python", "train.py"]']));
    assert.strictEqual(r.inputs.hardware!.value, 'cpu-vcpu');
    // One pod without a CPU request: 1 vCPU assumed, in the singular.
    assert.ok(r.notes.includes('1 pod requests no CPU: counted at 1 vCPU each (a pod without a request may use more of its node).'), r.notes.join('\n'));
  });

  it('a Job running `python evaluate.py` without GPUs is no training run', () => {
    const a = analyzeText(job(['        - name: e', '          image: python:3.11', '          command: ["python", "evaluate.py"]']), 'job.yaml');
    assert.notStrictEqual(a.format, 'kubernetes');
  });
});
