// Hardware facts read from free text (src/formats/textHints.ts): the device, count, nodes and region a
// line states, and the note that names the words it was read from (shown to the user on hover). Written
// to kill mutants that survived (issue #19): each row below was checked by hand against what the line
// says and the catalogue's instance facts (p4d.24xlarge and a2-highgpu-8g: 8 × A100 40GB; ml.g5.12xlarge:
// 4 × A10G; Standard_ND96asr_v4: 8 × A100 40GB — AWS, Google Cloud and Azure instance pages, 2024).
import * as assert from 'assert';
import { LineIndex } from '../../src/formats/lineIndex';
import { inferFromText, type HintFact } from '../../src/formats/textHints';

type Got = Partial<Record<HintFact, [unknown, string]>>;

function hints(text: string, want?: HintFact[]): Got {
  const h = inferFromText(text, new LineIndex(text), want);
  const out: Got = {};
  for (const [k, v] of Object.entries(h)) out[k as HintFact] = [v!.value, v!.note!];
  return out;
}

/** The same note on every fact the line gave. */
const from = (what: string, line = 1) => `from ${what} on line ${line}`;

describe('text hints (mutation tests)', () => {
  describe('prose: counts and devices, with the words quoted in the note', () => {
    const cases: Array<[string, Got]> = [
      // vendor prefix: NVIDIA + A100 + 80GB, three words, one device
      ['# 8x NVIDIA A100 80GB', { count: [8, from('"8 x NVIDIA A100 80GB"')], hardware: ['NVIDIA A100 80GB', from('"8 x NVIDIA A100 80GB"')] }],
      // nodes × per node: 2 × 8 = 16, with a `Tesla` prefix
      ['# 2 nodes x 8 Tesla V100', { count: [16, from('"2 nodes x 8 Tesla V100"')], nodes: [2, from('"2 nodes x 8 Tesla V100"')], hardware: ['Tesla V100', from('"2 nodes x 8 Tesla V100"')] }],
      ['# 1 node of 8x A100', { count: [8, from('"1 node of 8 x A100"')], nodes: [1, from('"1 node of 8 x A100"')], hardware: ['A100', from('"1 node of 8 x A100"')] }],
      ['# 2 nodes of 8 GPUs', { count: [16, from('"2 nodes of 8 GPUs"')], nodes: [2, from('"2 nodes of 8 GPUs"')] }],
      // count glued before or after the device; four digits at most
      ['# 16xA100', { count: [16, from('"16 x A100"')], hardware: ['A100', from('"16 x A100"')] }],
      ['# A100x8', { count: [8, from('"A100 x 8"')], hardware: ['A100', from('"A100 x 8"')] }],
      ['# H100 x 8', { count: [8, from('"H100 x 8"')], hardware: ['H100', from('"H100 x 8"')] }],
      ['# A100 80GB x 4', { count: [4, from('"A100 80GB x 4"')], hardware: ['A100 80GB', from('"A100 80GB x 4"')] }],
      // without `x`, the device needs a GPU word after it
      ['# 8 A100 GPUs', { count: [8, from('"8 A100"')], hardware: ['A100', from('"8 A100"')] }],
      ['# 8 A100', {}],
      ['# 8 x gpu', { count: [8, from('"8x GPU"')] }],
      ['# 8 x 80GB', { count: [8, from('"8 × 80GB"')] }],
      ['# a single A100 80GB', { count: [1, from('"single A100 80GB"')], hardware: ['A100 80GB', from('"single A100 80GB"')] }],
      ['# single GPU', { count: [1, from('"single GPU"')] }],
      ['# one device', { count: [1, from('"one device"')] }],
      // a model named after on/using/on the, plural allowed; a bare family word is not a model
      ['# using H100s', { hardware: ['H100', from('"using H100s"')] }],
      ['# on the L4', { hardware: ['L4', from('"on the L4"')] }],
      ['# running on TPU', {}],
      // counts glued into names
      ['# run_4gpu', { count: [4, from('"4gpu" in run_4gpu')] }],
      ['# see rtmdet_l_8xb32-300e_coco', { count: [8, from('"8xb32" (GPUs × batch per GPU) in rtmdet_l_8xb32-300e_coco')] }],
      ['# exp_8xbase', {}], //                     `8xb` followed by letters is no batch size
      ['# x 8', {}],
    ];
    for (const [line, want] of cases) it(line, () => assert.deepStrictEqual(hints(line), want));
  });

  describe('"N GPUs" alone counts only in a comment', () => {
    const cases: Array<[string, Got]> = [
      ['// train with 8 GPUs', { count: [8, from('"8 GPUs"')] }],
      ['<!-- 4 GPUs -->', { count: [4, from('"4 GPUs"')] }],
      [' * 2 GPUs needed', { count: [2, from('"2 GPUs"')] }], // a JSDoc-style line
      ['train with 8 GPUs', {}], //                               code or a value, not a statement
      ['# 0 GPUs', {}], //                                        1 to 4096 only
      ['# 4096 GPUs', { count: [4096, from('"4096 GPUs"')] }],
      ['# 5000 GPUs', {}],
    ];
    for (const [line, want] of cases) it(JSON.stringify(line), () => assert.deepStrictEqual(hints(line), want));
  });

  describe('instance types and device labels', () => {
    const cases: Array<[string, Got]> = [
      ['# p4d.24xlarge.', { hardware: ['nvidia-a100-sxm4-40gb', from('`p4d.24xlarge` (p4d.24xlarge = 8 × A100 SXM4 40GB)')], count: [8, from('`p4d.24xlarge` (p4d.24xlarge = 8 × A100 SXM4 40GB)')] }],
      ['# ml.g5.12xlarge', { hardware: ['nvidia-a10g', from('`ml.g5.12xlarge` (ml.g5.12xlarge = 4 × A10G 24GB (AWS custom))')], count: [4, from('`ml.g5.12xlarge` (ml.g5.12xlarge = 4 × A10G 24GB (AWS custom))')] }],
      ['# a2-highgpu-8g', { hardware: ['nvidia-a100-sxm4-40gb', from('`a2-highgpu-8g` (a2-highgpu-8g = 8 × A100 SXM4 40GB)')], count: [8, from('`a2-highgpu-8g` (a2-highgpu-8g = 8 × A100 SXM4 40GB)')] }],
      ['# Standard_ND96asr_v4', { hardware: ['nvidia-a100-sxm4-40gb', from('`Standard_ND96asr_v4` (Standard_ND96asr_v4 = 8 × A100 SXM4 40GB)')], count: [8, from('`Standard_ND96asr_v4` (Standard_ND96asr_v4 = 8 × A100 SXM4 40GB)')] }],
      // device labels: the device, no count
      ['# NVIDIA_L4', { hardware: ['NVIDIA_L4', from('`NVIDIA_L4` (NVIDIA_L4 → L4 PCIe 24GB)')] }],
      ['# nvidia-l4', { hardware: ['nvidia-l4', from('`nvidia-l4` (nvidia-l4 → L4 PCIe 24GB)')] }],
    ];
    for (const [line, want] of cases) it(line, () => assert.deepStrictEqual(hints(line), want));
  });

  describe('regions after a region/zone/location word', () => {
    const cases: Array<[string, Got]> = [
      ['region: us-east-1', { region: ['aws:us-east-1', from('`region us-east-1`')] }],
      ['--region=europe-west4', { region: ['gcp:europe-west4', from('`region europe-west4`')] }],
      ['AWS_DEFAULT_REGION=eu-west-1', { region: ['aws:eu-west-1', from('`AWS_DEFAULT_REGION eu-west-1`')] }],
      ["location = 'westeurope'", { region: ['azure:westeurope', from('`location westeurope`')] }],
      ['zone: us-central1-a', { region: ['gcp:us-central1', from('`zone us-central1-a`')] }], // the zone's region
      ['region = us-east1', { region: ['gcp:us-east1', from('`region us-east1`')] }],
      // An AWS key holding a Google Cloud name: AWS has no us-east1, so no region rather than the wrong cloud.
      ['aws_region = us-east1', {}],
    ];
    for (const [line, want] of cases) it(line, () => assert.deepStrictEqual(hints(line), want));
  });

  describe('notebooks and launch lines', () => {
    // A pretty-printed notebook: what a cell printed ("outputs") is skipped, its source read.
    const nb = ['{', ' "cells": [', '  {', '   "cell_type": "code",', '   "outputs": [', '    {', '     "text": [',
      '      "torchrun --nproc_per_node 64 train.py\\n",', '      "region: us-east-1\\n"', '     ]', '    }', '   ],', '   "source": [',
      '    "# trained on 2 nodes of 8x H100\\n",', '    "!torchrun --nnodes 2 --nproc_per_node 4 \\\\\\n",', '    "   train.py --region europe-west4\\n"', '   ]', '  }', ' ]', '}'].join('\n');

    it('skips a cell\'s outputs and reads its source, the first statement winning', () => {
      // Line 14 says 2 nodes × 8 H100 = 16; the torchrun line after it (2 × 4 = 8) comes second. The
      // region is line 16's --region, not the printed "region: us-east-1" of line 9.
      assert.deepStrictEqual(hints(nb), {
        count: [16, from('"2 nodes of 8 x H100"', 14)], nodes: [2, from('"2 nodes of 8 x H100"', 14)], hardware: ['H100', from('"2 nodes of 8 x H100"', 14)],
        region: ['gcp:europe-west4', from('`region europe-west4`', 16)],
      });
      const r = inferFromText(nb, new LineIndex(nb)).count!.range!;
      // The range covers the JSON string on line 14, from after its indentation (col 4) to its end.
      assert.deepStrictEqual(r, { startLine: 13, startCol: 4, endLine: 13, endCol: 40 });
    });

    it('an empty `"outputs": [],` on one line skips nothing', () => {
      assert.deepStrictEqual(hints('"outputs": [],\n"# 4x A100\\n"'), { count: [4, from('"4 x A100"', 2)], hardware: ['A100', from('"4 x A100"', 2)] });
    });

    it('a launcher continued over backslashed lines: 2 nodes × 4 processes = 8', () => {
      assert.deepStrictEqual(hints('torchrun \\\n  --nnodes 2 \\\n  --nproc_per_node 4 train.py\n'), {
        count: [8, from('`torchrun --nproc_per_node 4 --nnodes 2`')], nodes: [2, from('`torchrun --nproc_per_node 4 --nnodes 2`')],
      });
    });

    it('a commented-out launch line documents the launch', () => {
      assert.deepStrictEqual(hints('#   tune run --nproc_per_node 8 full_finetune_distributed --config x\n'), {
        count: [8, from('`tune run --nproc_per_node 8`')], nodes: [1, from('`tune run --nproc_per_node 8`')],
      });
    });
  });

  describe('asking for some facts only', () => {
    const text = '# 2 nodes of 8x A100\nregion: us-east-1\n';

    it('region only: the region and nothing else', () => {
      assert.deepStrictEqual(hints(text, ['region']), { region: ['aws:us-east-1', from('`region us-east-1`', 2)] });
    });

    it('nodes: found on the same line as a full scan finds them (count and device read with them)', () => {
      assert.deepStrictEqual(hints(text, ['nodes']).nodes, [2, from('"2 nodes of 8 x A100"')]);
    });

    it('count only: no region', () => {
      assert.deepStrictEqual(hints(text, ['count']), { count: [16, from('"2 nodes of 8 x A100"')] });
    });
  });
});
