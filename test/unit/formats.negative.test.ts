// What the orchestration detectors must not claim: everyday repository files (CI, compose, web
// Kubernetes objects, Helm, OpenAPI, linters, package manifests, docs, conda, bots, a notebook and
// scripts that train nothing) come back `unknown`; the training formats' corpus files stay theirs;
// and no corpus file makes any handler throw.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, makeInput } from '../../src/formats';
import { orchestrationHandlers } from '../../src/formats/handlers/orchestration';
import { CORPUS, describeCorpus } from './helpers/corpus';

const NEGATIVE = path.resolve(__dirname, '../fixtures/formats/negative');
const MINE = new Set(orchestrationHandlers.map((h) => h.id));

function corpusFiles(): Array<{ folder: string; file: string; text: string }> {
  const out: Array<{ folder: string; file: string; text: string }> = [];
  for (const folder of fs.readdirSync(CORPUS)) {
    const dir = path.join(CORPUS, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir)) out.push({ folder, file, text: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  return out;
}

describe('orchestration detectors: negative cases', () => {
  const files = fs.readdirSync(NEGATIVE);

  it('has at least 20 negative fixtures', () => {
    assert.ok(files.length >= 20, `${files.length}`);
  });

  // Each fixture is named for what it is: `.github/workflows/ci.yml` → github-workflow.yml, etc.
  for (const file of files) {
    it(`${file} → unknown`, () => {
      const text = fs.readFileSync(path.join(NEGATIVE, file), 'utf8');
      const a = analyzeText(text, file);
      assert.strictEqual(a.format, 'unknown', `claimed as ${a.format} (${a.confidence})`);
      assert.deepStrictEqual(a.runs, []);
      for (const h of orchestrationHandlers) {
        const input = makeInput(text, file);
        if (!h.syntaxes.includes(input.syntax)) continue;
        assert.ok(h.detect(input) < 0.5, `${h.id} scores ${h.detect(input)}`);
      }
    });
  }

  it('claims nothing in short, empty or odd documents', () => {
    const odd: Array<[string, string]> = [
      ['', 'a.yaml'], ['---\n---\n', 'b.yaml'], ['[]', 'c.json'], ['null', 'd.json'], ['just text', 'e.yaml'],
      ['{"cells": [], "metadata": {}, "nbformat": 4}', 'f.ipynb'], ['', 'g.py'], ['resources: {}\nrun: echo hi', 'h.yaml'],
      ['apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: busybox', 'pod.yaml'],
      ['method: grid\nparameters: 3', 'i.yaml'], ['model: gpt2', 'j.yaml'], ['services:\n  a: 1', 'k.yaml'],
    ];
    for (const [text, name] of odd) assert.strictEqual(analyzeText(text, name).format, 'unknown', name);
  });
});

describeCorpus('orchestration detectors on the corpus', () => {
  const all = corpusFiles();

  for (const { folder, file, text } of all) {
    if (MINE.has(folder as never)) continue;
    it(`${folder}/${file}: every orchestration detector < 0.5`, () => {
      for (const h of orchestrationHandlers) {
        const input = makeInput(text, file);
        if (!h.syntaxes.includes(input.syntax)) continue;
        const c = h.detect(input);
        assert.ok(c < 0.5, `${h.id} scores ${c}`);
      }
    });
  }

  for (const { folder, file, text } of all) {
    if (!MINE.has(folder as never)) continue;
    it(`${folder}/${file}: the other orchestration detectors stay below it`, () => {
      const input = makeInput(text, file);
      const own = orchestrationHandlers.find((h) => h.id === folder)!.detect(input);
      assert.ok(own >= 0.5, `own detector ${own}`);
      for (const h of orchestrationHandlers) {
        if (h.id === folder || !h.syntaxes.includes(input.syntax)) continue;
        assert.ok(h.detect(makeInput(text, file)) < 0.5, `${h.id} also claims it`);
      }
    });
  }

  it('no corpus file makes a handler throw, whichever handler is asked', () => {
    for (const { file, text } of all) {
      for (const h of orchestrationHandlers) {
        const input = makeInput(text, file);
        if (!h.syntaxes.includes(input.syntax)) continue;
        assert.doesNotThrow(() => h.detect(input), `${h.id} detect on ${file}`);
        assert.doesNotThrow(() => h.extract(input), `${h.id} extract on ${file}`);
      }
      assert.doesNotThrow(() => analyzeText(text, file), file);
    }
  });

  it('no corpus file makes a handler throw when truncated anywhere', () => {
    for (const { file, text } of all) {
      for (const cut of [0.13, 0.37, 0.61, 0.89]) {
        const part = text.slice(0, Math.floor(text.length * cut));
        for (const h of orchestrationHandlers) {
          const input = makeInput(part, file);
          if (!h.syntaxes.includes(input.syntax)) continue;
          assert.doesNotThrow(() => h.detect(input) >= 0.5 && h.extract(input), `${h.id} on ${file} cut at ${cut}`);
        }
      }
    }
  });
});
