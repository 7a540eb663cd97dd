// The packaged README (scripts/readmeForVsix.ts): its screenshots become data: URLs so the Extensions
// details page shows them offline, and the repository's own README is one that can be packaged so.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inlineReadmeImages, isRelative, relativeLinks } from '../../scripts/readmeForVsix';

const ROOT = path.resolve(__dirname, '../..');
// The 8 bytes every PNG starts with, then a few more: enough to tell the bytes were carried over.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('packaged README (scripts/readmeForVsix.ts)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-vsix-'));
    fs.mkdirSync(path.join(dir, 'docs/images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs/images/a.png'), PNG);
    fs.writeFileSync(path.join(dir, 'docs/images/b.svg'), '<svg/>');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('inlines a relative PNG as a data: URL of its bytes, keeping alt text and title', () => {
    const { markdown, inlined } = inlineReadmeImages('x ![The panel, dark](docs/images/a.png "t") y', dir);
    // base64 of the 11 bytes above, computed by Buffer here and by hand: iVBORw0KGgoBAgM=
    assert.strictEqual(markdown, 'x ![The panel, dark](data:image/png;base64,iVBORw0KGgoBAgM= "t") y');
    assert.deepStrictEqual(inlined, ['docs/images/a.png']);
  });

  it('leaves links, https images and anchors alone', () => {
    const text = '[budgets](docs/budgets.md) ![badge](https://example.org/b.png) [top](#install) [hc](docs/images/a.png)';
    assert.strictEqual(inlineReadmeImages(text, dir).markdown, text);
  });

  it('refuses what would ship broken: a missing file, an SVG, a path outside the folder', () => {
    assert.throws(() => inlineReadmeImages('![x](docs/images/missing.png)', dir), /not found: docs\/images\/missing\.png/);
    assert.throws(() => inlineReadmeImages('![x](docs/images/b.svg)', dir), /only PNG, JPEG and GIF/);
    assert.throws(() => inlineReadmeImages('![x](../outside.png)', dir), /outside the repository/);
  });

  it('with allowMissing (npm run screenshots, before the pictures exist) leaves a missing image as it is and lists it', () => {
    const r = inlineReadmeImages('![x](docs/images/missing.png) ![y](docs/images/a.png)', dir, { allowMissing: true });
    assert.deepStrictEqual([r.missing, r.inlined], [['docs/images/missing.png'], ['docs/images/a.png']]);
    assert.ok(r.markdown.startsWith('![x](docs/images/missing.png) ![y](data:image/png;base64,'));
  });

  it('tells relative targets from URLs and anchors', () => {
    assert.deepStrictEqual(['docs/a.md', 'https://x.org', 'data:image/png;base64,AA', '#top', 'mailto:a@b.c', '//cdn.x/y.png'].map(isRelative),
      [true, false, false, false, false, false]);
    assert.deepStrictEqual(relativeLinks('[a](docs/a.md#part) ![i](docs/i.png) [b](https://x.org) [a again](docs/a.md)'), ['docs/a.md']);
  });

  it("the repository's README: every image inlines, and every file it links is packaged by .vscodeignore", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]\n]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    const { markdown, inlined } = inlineReadmeImages(readme, ROOT);
    assert.deepStrictEqual(inlined, images.filter(isRelative));
    assert.ok(inlined.length >= 8, `the README shows the screenshots (dark and light): ${inlined.length} images`);
    assert.ok(!/!\[[^\]\n]*\]\((?!data:|https:)/.test(markdown), 'no relative image is left');
    // The allowlist of .vscodeignore for the linked files, read the way vsce does for these simple
    // patterns: `!dir/*.ext` packs the files of that folder with that extension.
    const includes = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n')
      .filter((l) => l.startsWith('!') && !l.includes('**')).map((l) => l.slice(1).trim());
    const packed = (file: string) => includes.some((p) => {
      const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      return re.test(file);
    });
    const links = relativeLinks(readme);
    assert.ok(links.length > 0);
    for (const link of links) {
      assert.ok(fs.existsSync(path.join(ROOT, link)), `${link} exists`);
      assert.ok(packed(link), `${link} is linked from README.md but .vscodeignore does not package it`);
    }
  });
});
