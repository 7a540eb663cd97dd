// The README that goes into the .vsix: the repository's README.md with every relative image inlined as a
// data: URL. Why: VS Code's Extensions details page renders a locally installed extension's README in a
// webview whose Content-Security-Policy is `img-src https: data:` and which has no <base> pointing at the
// extension folder (code-server 4.99.4 / Code 1.99.3, ExtensionEditor, read 2026-12), so a relative
// `docs/images/x.png` resolves against the webview's own page and is blocked. vsce can rewrite relative
// links to https URLs (--baseImagesUrl, or the GitHub `repository`), but those need the network, and this
// project's repository URL is a placeholder. A data: URL is the only form that shows offline.
// Links (`[text](docs/budgets.md)`) are left as they are: the details page opens only http(s)/mailto links,
// so the linked files are packaged for readers of the installed folder (.vscodeignore), not rewritten.
//
//   node -r esbuild-register scripts/readmeForVsix.ts README.md OUT.md [--allow-missing]
// --allow-missing (only for `npm run screenshots`, which packages the extension before it takes the
// pictures): an image not taken yet stays a relative link, with a warning, instead of failing.
import * as fs from 'fs';
import * as path from 'path';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/** `![alt](target)` or `![alt](target "title")`; alt has no brackets in this README (checked by the caller's test). */
const IMAGE = /!\[([^\]\n]*)\]\(([^)\s]+)((?: "[^"\n]*")?)\)/g;

/** True for a target with a scheme (https:, data:) or an in-page anchor: those are left alone. */
export function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');
}

/**
 * The README with each relative image replaced by a data: URL of the file it names (resolved against
 * `baseDir`). A missing file, a file outside `baseDir` or an SVG (vsce refuses SVG data URLs) throws,
 * so a broken screenshot fails packaging instead of shipping.
 */
export function inlineReadmeImages(
  markdown: string, baseDir: string, { allowMissing = false } = {},
): { markdown: string; inlined: string[]; missing: string[] } {
  const inlined: string[] = [];
  const missing: string[] = [];
  const root = path.resolve(baseDir);
  const out = markdown.replace(IMAGE, (whole, alt: string, target: string, title: string) => {
    if (!isRelative(target)) return whole;
    const file = path.resolve(root, decodeURI(target.split('#')[0]));
    if (path.relative(root, file).startsWith('..')) throw new Error(`README image outside the repository: ${target}`);
    const mime = MIME[path.extname(file).toLowerCase()];
    if (!mime) throw new Error(`README image ${target}: only PNG, JPEG and GIF can be inlined (vsce refuses SVG data URLs)`);
    if (!fs.existsSync(file)) {
      if (!allowMissing) throw new Error(`README image not found: ${target}`);
      missing.push(target);
      return whole;
    }
    inlined.push(target);
    return `![${alt}](data:${mime};base64,${fs.readFileSync(file).toString('base64')}${title})`;
  });
  return { markdown: out, inlined, missing };
}

/** Relative link targets (not images) of a Markdown text, without their #anchor: the files a reader can open. */
export function relativeLinks(markdown: string): string[] {
  const links = new Set<string>();
  for (const m of markdown.matchAll(/(^|[^!])\[[^\]\n]*\]\(([^)\s]+)\)/g)) {
    const target = m[2].split('#')[0];
    if (target && isRelative(m[2])) links.add(decodeURI(target));
  }
  return [...links].sort();
}

if (require.main === module) {
  const allowMissing = process.argv.includes('--allow-missing');
  const [src, dest] = process.argv.slice(2).filter((a) => a !== '--allow-missing');
  if (!src || !dest) {
    console.error('usage: node -r esbuild-register scripts/readmeForVsix.ts README.md OUT.md');
    process.exit(2);
  }
  const { markdown, inlined, missing } = inlineReadmeImages(fs.readFileSync(src, 'utf8'), path.dirname(src), { allowMissing });
  for (const m of missing) console.warn(`warning: README image ${m} does not exist yet; left as a relative link`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, markdown);
  console.log(`${dest}: ${inlined.length} images inlined (${(Buffer.byteLength(markdown) / 1024).toFixed(0)} KB)`);
}
