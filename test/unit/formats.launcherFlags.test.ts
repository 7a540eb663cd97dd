// Launcher command lines (src/formats/launcherFlags.ts) at the edges a user's script reaches: word and
// value offsets (the what-if edits and the CodeLens point at them), command separators, line
// continuations, quoting, flags that take no value, negative numbers and elastic ranges, and the one-line
// description shown in notes. Written for the mutation run of issue #19: each case fails on a mutant that
// survived formats.orchestration.test.ts. Offsets are 0-based and counted by hand in the comments.
import * as assert from 'assert';
import { acceleratorsOf, anyFlags, argvWords, describeLaunch, findLaunchers, launchersIn, parseToolFlags, shellWords } from '../../src/formats/launcherFlags';

/** Words as [text, start, end, textStart], separators as '|sep'. */
function words(s: string, base = 0): Array<string | [string, number, number, number]> {
  return shellWords(s, base).map((w) => (w.sep ? `|sep@${w.start}-${w.end}` : [w.text, w.start, w.end, w.textStart]));
}

describe('shellWords: words, offsets and separators', () => {
  it('gives each word its offsets, shifted by base', () => {
    // 'ab  "c d"': 'ab' 0–2; the quoted word starts at 4, its text at 5, ends after the quote at 9.
    assert.deepStrictEqual(words('ab  "c d"'), [['ab', 0, 2, 0], ['c d', 4, 9, 5]]);
    assert.deepStrictEqual(words('ab  "c d"', 100), [['ab', 100, 102, 100], ['c d', 104, 109, 105]]);
  });

  it('splits commands at newline, ;, &, &&, |, || (one separator for a run of them, none at the start)', () => {
    // 'a;b&&c||d|e&f\ng': separators at 1 (;), 3–5 (&&), 6–8 (||), 9 (|), 11 (&), 13 (newline).
    assert.deepStrictEqual(words('a;b&&c||d|e&f\ng'), [
      ['a', 0, 1, 0], '|sep@1-2', ['b', 2, 3, 2], '|sep@3-5', ['c', 5, 6, 5], '|sep@6-8', ['d', 8, 9, 8], '|sep@9-10', ['e', 10, 11, 10], '|sep@11-12', ['f', 12, 13, 12], '|sep@13-14', ['g', 14, 15, 14],
    ]);
    // Leading and doubled separators: ';; a' has no separator before 'a'; 'a ;\n b' has one.
    assert.deepStrictEqual(words(';; a'), [['a', 3, 4, 3]]);
    assert.deepStrictEqual(words('a ;\n b'), [['a', 0, 1, 0], '|sep@2-3', ['b', 5, 6, 5]]);
  });

  it('joins lines continued with a backslash, LF or CRLF, and skips tabs and CRs as blanks', () => {
    assert.deepStrictEqual(shellWords('a \\\nb').map((w) => w.text), ['a', 'b']);
    assert.deepStrictEqual(shellWords('a \\\r\nb').map((w) => w.text), ['a', 'b']);
    assert.deepStrictEqual(shellWords('a\t\rb').map((w) => w.text), ['a', 'b']);
    // Inside a word the continuation disappears: 'ab\<LF>cd' is one word 'abcd'.
    assert.deepStrictEqual(shellWords('ab\\\ncd').map((w) => w.text), ['abcd']);
  });

  it('drops comments to the end of the line, and only there', () => {
    assert.deepStrictEqual(shellWords('a # b c\nd').map((w) => (w.sep ? ';' : w.text)), ['a', ';', 'd']);
    // A '#' inside a word is part of it (bash reads a comment only at a word start).
    assert.deepStrictEqual(shellWords('a#b').map((w) => w.text), ['a#b']);
  });

  it('unquotes and unescapes, keeping a backslash-escaped quote or blank as text', () => {
    assert.deepStrictEqual(shellWords(`x"y z"w 'q'r \\"s \\ t`).map((w) => w.text), ['xy zw', 'qr', '"s', ' t']);
    // Inside double quotes \" is a quote and \<LF> joins lines; single quotes keep a backslash.
    assert.deepStrictEqual(shellWords(`"a\\"b" "c\\\nd" 'e\\f'`).map((w) => w.text), ['a"b', 'cd', 'e\\f']);
    // An escaped first character: the word's text starts after the backslash (at 1).
    assert.deepStrictEqual(words('\\$HOME'), [['$HOME', 0, 6, 1]]);
  });

  it('a stray quote runs to the end of the text, and an empty quoted word is a word', () => {
    assert.deepStrictEqual(words('a "b c'), [['a', 0, 1, 0], ['b c', 2, 6, 3]]);
    assert.deepStrictEqual(words(`'' x`), [['', 0, 2, 1], ['x', 3, 4, 3]]);
    // A trailing backslash with nothing after it stays in the word.
    assert.deepStrictEqual(shellWords('a\\').map((w) => w.text), ['a\\']);
  });
});

describe('launchers: which command, which flags', () => {
  it('names each launcher and where its name is', () => {
    const s = 'x; deepspeed --num_gpus 4 t.py && accelerate launch --num_processes 8 t.py | tune run --nproc_per_node 2 r';
    const fs1 = launchersIn(s);
    assert.deepStrictEqual(fs1.map((f) => [f.tool, s.slice(f.start, f.end)]), [['deepspeed', 'deepspeed'], ['accelerate', 'accelerate'], ['tune', 'tune']]);
    assert.deepStrictEqual(fs1.map((f) => acceleratorsOf(f)?.count), [4, 8, 2]);
  });

  it('reads python -m launchers of every supported module, and not other modules', () => {
    assert.strictEqual(launchersIn('python3.10 -m torch.distributed.launch --nproc_per_node 2 t.py')[0]?.tool, 'torchrun');
    assert.strictEqual(launchersIn('python -m torch.distributed.run --nproc-per-node=4 t.py')[0]?.perNode?.value, 4);
    assert.strictEqual(launchersIn('python -m accelerate.commands.launch --num_processes 2 t.py')[0]?.tool, 'accelerate');
    assert.deepStrictEqual(launchersIn('python -m torch.utils.bottleneck t.py'), []);
    assert.deepStrictEqual(launchersIn('python t.py -m torch.distributed.run'), []);
    // `accelerate config` and `tune ls` are not launches; 'vllm bench' neither, nor another tool's `serve`.
    assert.deepStrictEqual(launchersIn('accelerate config; tune ls; vllm bench x'), []);
    assert.deepStrictEqual(launchersIn('ollama serve'), []);
    // Only `python -m` runs a module: not a module name further on, and not a bare `-m` at the end.
    assert.deepStrictEqual(launchersIn('python x torch.distributed.run'), []);
    assert.deepStrictEqual(launchersIn('python -m'), []);
  });

  it('a launcher path and a notebook ! or % prefix still name it', () => {
    assert.strictEqual(launchersIn('/opt/conda/bin/torchrun --nproc_per_node 2 t.py')[0]?.perNode?.value, 2);
    assert.strictEqual(launchersIn('%TORCHRUN --nnodes 1 --nproc_per_node 1 t.py')[0]?.tool, 'torchrun');
    // IPython's `!!cmd` (run and capture) too.
    assert.strictEqual(launchersIn('!!torchrun --nproc_per_node 2 t.py')[0]?.perNode?.value, 2);
  });

  it('a flag that takes no value does not swallow the next word', () => {
    // `--standalone` is boolean: `--nproc_per_node 8` after it is read.
    assert.strictEqual(launchersIn('torchrun --standalone --nproc_per_node 8 t.py')[0]?.perNode?.value, 8);
    // Here a `--standalone 3` would be a value if the flag were known and not boolean; it is not read as one.
    assert.strictEqual(acceleratorsOf(launchersIn('torchrun --standalone 3 t.py')[0]), undefined);
  });

  it('a value may be negative or an elastic range (the minimum is launched), but not another flag', () => {
    const neg = launchersIn('vllm serve m --tp -1')[0];
    assert.strictEqual(neg.tensorParallel?.raw, '-1');
    assert.strictEqual(neg.tensorParallel?.value, undefined, '-1 is not a count');
    assert.strictEqual(launchersIn('torchrun --nnodes 1:4 --nproc_per_node 8 t.py')[0] && acceleratorsOf(launchersIn('torchrun --nnodes 1:4 --nproc_per_node 8 t.py')[0])?.count, 8);
    assert.strictEqual(launchersIn('torchrun --nnodes=2:4 --nproc_per_node=8 t.py').map((f) => acceleratorsOf(f)?.count)[0], 16);
    assert.strictEqual(launchersIn('torchrun --nproc_per_node --nnodes 2 t.py')[0].perNode, undefined);
    assert.strictEqual(launchersIn('torchrun --nproc_per_node 8x t.py')[0].perNode?.value, undefined);
    assert.strictEqual(launchersIn('torchrun --nproc_per_node x8 t.py')[0].perNode?.value, undefined);
    assert.strictEqual(launchersIn('torchrun --nproc_per_node " 4" t.py')[0].perNode?.value, 4, 'blanks inside quotes are not part of the number');
    assert.strictEqual(launchersIn('torchrun --nnodes 2:16 --nproc_per_node 1 t.py')[0].nodes?.value, 2, 'a two-digit maximum');
  });

  it('the first of a repeated flag wins, and `--` or `-` are positional words', () => {
    assert.strictEqual(launchersIn('torchrun --nproc_per_node 2 --nproc_per_node 8 t.py')[0].perNode?.value, 2);
    // `--` is the first positional word: it is no flag, and no model is read after it.
    const v = launchersIn('vllm serve -- org/model --tp 2')[0];
    assert.strictEqual(v.model, undefined);
    assert.strictEqual(v.tensorParallel?.value, 2);
    assert.strictEqual(launchersIn('vllm serve - --tp 4')[0].tensorParallel?.value, 4);
    assert.strictEqual(launchersIn('vllm serve - m/x')[0].model, undefined, '`-` is the first positional word');
  });

  it('vllm: the first bare word is the model, never a variable or a number, and --model wins when first', () => {
    assert.strictEqual(launchersIn('vllm serve $MODEL --tp 2')[0].model, undefined);
    assert.strictEqual(launchersIn('vllm serve 8 --tp 2')[0].model, undefined);
    // Only the FIRST bare word may be the model: after a number, `m/x` is an argument, not the model.
    assert.strictEqual(launchersIn('vllm serve 8 m/x')[0].model, undefined);
    // An unknown flag takes no value: the model after it is still read.
    assert.strictEqual(launchersIn('vllm serve --foo m/x')[0].model?.raw, 'm/x');
    // Other launchers have no positional model: `t.py` is the script.
    assert.strictEqual(launchersIn('torchrun --nproc_per_node 2 t.py')[0].model, undefined);
    const m = launchersIn('vllm serve --model a/b c/d')[0].model;
    assert.deepStrictEqual([m?.flag, m?.raw], ['--model', 'a/b']);
    // The positional has no flag offset; its value offsets point at the model name (11–14).
    assert.deepStrictEqual(launchersIn('vllm serve a/b')[0].model, { flag: '<positional>', raw: 'a/b', start: 11, end: 14 });
  });

  it('value offsets with `=`: the value after it, the flag at the word start', () => {
    const s = 'vllm serve m --max-model-len=4096';
    const f = launchersIn(s)[0].maxModelLen!;
    assert.deepStrictEqual([f.flag, f.raw, f.value, s.slice(f.start, f.end), f.flagStart], ['--max-model-len', '4096', 4096, '4096', 13]);
  });

  it('parseToolFlags reads an engine args list from a given word, and starts at that word', () => {
    const w = argvWords([{ text: '--model-id', start: 10 }, { text: 'x/y', start: 22 }, { text: '--num-shard', start: 30 }, { text: '4', start: 43 }]);
    const f = parseToolFlags('tgi', w, 0);
    assert.deepStrictEqual([f.tool, f.start, f.model?.raw, f.shards?.value], ['tgi', 10, 'x/y', 4]);
    assert.strictEqual(parseToolFlags('tgi', w, 2).model, undefined);
    assert.strictEqual(parseToolFlags('tgi', [], 0).start, 0);
    // vLLM's args list: the first bare item is the model; TGI has none.
    const v = argvWords([{ text: 'org/m', start: 5 }, { text: '--tp', start: 12 }, { text: '2', start: 17 }]);
    assert.deepStrictEqual([parseToolFlags('vllm', v, 0).model?.raw, parseToolFlags('vllm', v, 0).tensorParallel?.value], ['org/m', 2]);
    assert.strictEqual(parseToolFlags('tgi', v, 0).model, undefined);
  });

  it('argvWords: an item with blanks is a script (ended by a separator), a plain item one word', () => {
    const w = argvWords([{ text: '--nnodes', start: 0 }, { text: 'torchrun --nproc_per_node 2', start: 20 }, { text: 'x', start: 60 }]);
    assert.deepStrictEqual(w.map((x) => (x.sep ? `|sep@${x.start}` : `${x.text}@${x.start}-${x.end}`)), ['--nnodes@0-8', 'torchrun@20-28', '--nproc_per_node@29-45', '2@46-47', '|sep@47', 'x@60-61']);
    // The separator after a script item is empty, at the item's end (20 + 27 = 47).
    assert.deepStrictEqual(w[4], { text: '', start: 47, end: 47, textStart: 47, sep: true });
    // An item that is only surrounded by blanks is still one word.
    assert.deepStrictEqual(argvWords([{ text: ' x ', start: 5 }]).map((x) => x.text), [' x ']);
  });

  it('anyFlags: --quantize anywhere, the first one, not across commands', () => {
    assert.strictEqual(anyFlags(shellWords('a --quantize awq --quantize gptq')).quantize?.raw, 'awq');
    assert.strictEqual(anyFlags(shellWords('a --quantize; b awq')).quantize, undefined);
    assert.strictEqual(anyFlags(shellWords('a -quantize awq')).quantize, undefined, 'only long options');
    assert.strictEqual(anyFlags(shellWords('a --quantize awq; b --quantize gptq')).quantize?.raw, 'awq', 'the first command\'s');
    assert.deepStrictEqual(Object.keys(anyFlags(shellWords('a --quantize awq org/model'))), ['quantize'], 'no model guessed');
    assert.strictEqual(anyFlags(shellWords('a --x; --quantize awq')).quantize?.raw, 'awq', 'the next command is read from its first word');
  });
});

describe('accelerators and the launch line shown in notes', () => {
  it('multiplies per-node by nodes; a variable factor gives no count', () => {
    const f = launchersIn('torchrun --nnodes 2 --nproc_per_node 4 t.py')[0];
    const a = acceleratorsOf(f)!;
    assert.deepStrictEqual([a.count, a.nodes, a.from.map((x) => x.raw)], [8, 2, ['4', '2']]);
    assert.strictEqual(acceleratorsOf(launchersIn('torchrun --nnodes $N --nproc_per_node 4 t.py')[0]), undefined);
    assert.strictEqual(acceleratorsOf(launchersIn('torchrun --nnodes 2 t.py')[0]), undefined, 'nodes alone: no per-node count');
    // One node when --nnodes is absent.
    assert.deepStrictEqual(acceleratorsOf(launchersIn('deepspeed --num_gpus 2 t.py')[0]), { count: 2, nodes: 1, from: [launchersIn('deepspeed --num_gpus 2 t.py')[0].perNode] });
  });

  it('accelerate: the total is the count; nodes are reported, not multiplied', () => {
    const a = acceleratorsOf(launchersIn('accelerate launch --num_machines 2 --num_processes 16 t.py')[0])!;
    assert.deepStrictEqual([a.count, a.nodes, a.from.length], [16, 2, 2]);
    assert.strictEqual(acceleratorsOf(launchersIn('accelerate launch --num_processes $P t.py')[0]), undefined);
    assert.deepStrictEqual(acceleratorsOf(launchersIn('accelerate launch --num_processes 4 t.py')[0])?.from.map((x) => x.raw), ['4']);
    assert.strictEqual(acceleratorsOf(launchersIn('accelerate launch --num_machines x --num_processes 4 t.py')[0]), undefined);
  });

  it('vllm: TP × PP × DP; a variable factor or no factor gives no count', () => {
    assert.strictEqual(acceleratorsOf(launchersIn('vllm serve m --tp 2 --pp 3 --dp 2')[0])?.count, 12);
    assert.strictEqual(acceleratorsOf(launchersIn('vllm serve m --data-parallel-size 4')[0])?.count, 4);
    assert.strictEqual(acceleratorsOf(launchersIn('vllm serve m --tp $TP')[0]), undefined);
    assert.strictEqual(acceleratorsOf(launchersIn('vllm serve m --tp 2 --pp $PP')[0]), undefined, 'one unknown factor is enough');
    assert.strictEqual(acceleratorsOf(launchersIn('vllm serve m')[0]), undefined);
  });

  it('tgi: the shards; a variable gives none', () => {
    assert.strictEqual(acceleratorsOf(launchersIn('text-generation-launcher --num-shard $S')[0]), undefined);
    assert.strictEqual(acceleratorsOf(launchersIn('text-generation-launcher --model-id x')[0]), undefined);
  });

  it('describes a launch with its name and count flags as written, in order', () => {
    assert.strictEqual(describeLaunch(launchersIn('torchrun --nnodes=2 --nproc_per_node 8 t.py')[0]), '`torchrun --nproc_per_node 8 --nnodes 2`');
    assert.strictEqual(describeLaunch(launchersIn('python -m vllm.entrypoints.openai.api_server --model m -tp 2 -pp 2 --dp 1')[0]), '`vllm serve -tp 2 -pp 2 --dp 1`');
    assert.strictEqual(describeLaunch(launchersIn('tune run --nproc_per_node 4 lora')[0]), '`tune run --nproc_per_node 4`');
    assert.strictEqual(describeLaunch(launchersIn('accelerate launch --num_processes 8 t.py')[0]), '`accelerate launch --num_processes 8`');
    assert.strictEqual(describeLaunch(launchersIn('text-generation-launcher --num-shard 2')[0]), '`text-generation-launcher --num-shard 2`');
    assert.strictEqual(describeLaunch(launchersIn('deepspeed t.py')[0]), '`deepspeed`');
  });
});

describe('findLaunchers over words from elsewhere', () => {
  it('resumes after a launcher\'s flags, so a second launcher on the next command is found', () => {
    const f = findLaunchers(shellWords('torchrun --nproc_per_node 2 a.py\ntorchrun --nproc_per_node 4 b.py'));
    assert.deepStrictEqual(f.map((x) => x.perNode?.value), [2, 4]);
  });

  it('a launcher name among another launcher\'s arguments is an argument', () => {
    assert.deepStrictEqual(launchersIn('torchrun t.py --x deepspeed').map((f) => f.tool), ['torchrun']);
  });
});
