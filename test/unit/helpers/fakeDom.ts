// Just enough of a DOM for the webview's render functions (src/webview/app/dom.ts builds with
// createElement, text nodes, attributes and listeners only) to run in plain node, so a unit test can
// walk what the panel and the report would show. Not a browser: no layout, no CSS, no events fired.

export class FakeNode {
  childNodes: FakeNode[] = [];
  parentNode: FakeElement | null = null;
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}

export class FakeText extends FakeNode {
  constructor(public data: string) {
    super();
  }
  override get textContent(): string {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly attributes = new Map<string, string>();
  readonly dataset: Record<string, string> = {};
  readonly listeners = new Map<string, (() => void)[]>();
  value = '';
  hidden = false;
  constructor(public readonly tagName: string) {
    super();
  }
  get className(): string {
    return this.attributes.get('class') ?? '';
  }
  set className(v: string) {
    this.attributes.set('class', v);
  }
  get label(): string {
    return this.attributes.get('label') ?? '';
  }
  get id(): string {
    return this.attributes.get('id') ?? '';
  }
  override get textContent(): string {
    return super.textContent;
  }
  override set textContent(v: string) {
    this.childNodes = [];
    this.appendChild(new FakeText(v));
  }
  setAttribute(name: string, v: string): void {
    this.attributes.set(name.toLowerCase(), v);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }
  appendChild<T extends FakeNode>(c: T): T {
    c.parentNode = this;
    this.childNodes.push(c);
    return c;
  }
  append(...cs: (FakeNode | string)[]): void {
    for (const c of cs) this.appendChild(typeof c === 'string' ? new FakeText(c) : c);
  }
  replaceChildren(...cs: FakeNode[]): void {
    this.childNodes = [];
    this.append(...cs);
  }
  addEventListener(type: string, fn: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  focus(): void {
    fakeDocument.activeElement = this;
  }
  /** Every element below this one, depth first. */
  descendants(): FakeElement[] {
    const out: FakeElement[] = [];
    const walk = (n: FakeNode) => {
      for (const c of n.childNodes) {
        if (c instanceof FakeElement) {
          out.push(c);
          walk(c);
        }
      }
    };
    walk(this);
    return out;
  }
  /** Tag names and `[data-key]` only: what the render code asks for. */
  querySelectorAll(sel: string): FakeElement[] {
    if (sel === '[data-key]') return this.descendants().filter((e) => e.dataset.key !== undefined);
    return this.descendants().filter((e) => e.tagName === sel.toLowerCase());
  }
  querySelector(sel: string): FakeElement | null {
    return this.querySelectorAll(sel)[0] ?? null;
  }
}

export const fakeDocument = {
  activeElement: null as FakeElement | null,
  createElement: (tag: string) => new FakeElement(tag.toLowerCase()),
  createElementNS: (_ns: string, tag: string) => new FakeElement(tag),
  createTextNode: (s: string) => new FakeText(s),
  getElementById: () => null,
};

/** Installs the fake as `document` (and the element classes render code tests with instanceof). */
export function installFakeDom(): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = { document: g.document, HTMLElement: g.HTMLElement, HTMLButtonElement: g.HTMLButtonElement };
  g.document = fakeDocument;
  g.HTMLElement = FakeElement;
  g.HTMLButtonElement = FakeElement;
  return () => Object.assign(g, saved);
}

const CONTROLS = new Set(['button', 'a', 'input', 'select', 'textarea', 'summary']);

/** Text a screen reader reads for an element's content: aria-hidden parts (icons) left out. */
function readText(n: FakeNode): string {
  if (n instanceof FakeText) return n.data;
  if (n instanceof FakeElement && n.getAttribute('aria-hidden') === 'true') return '';
  return n.childNodes.map(readText).join('');
}

/**
 * The accessible name of each interactive control under `root`, by the accname rules the panel relies
 * on: aria-labelledby, then aria-label, then a `<label for>` (form fields), then the content (buttons,
 * links, summaries), then title / placeholder. Empty string = no name.
 */
export function accessibleNames(root: FakeElement): { tag: string; name: string; key?: string }[] {
  const all = root.descendants();
  const byId = new Map(all.filter((e) => e.id).map((e) => [e.id, e]));
  const labels = all.filter((e) => e.tagName === 'label' && e.getAttribute('for'));
  return all
    .filter((e) => CONTROLS.has(e.tagName) && !(e.tagName === 'input' && e.getAttribute('type') === 'hidden'))
    .map((e) => {
      const by = e.getAttribute('aria-labelledby');
      let name = by ? by.split(/\s+/).map((id) => (byId.get(id) ? readText(byId.get(id)!) : '')).join(' ') : '';
      name ||= e.getAttribute('aria-label') ?? '';
      if (!name && ['input', 'select', 'textarea'].includes(e.tagName)) {
        const l = labels.find((x) => x.getAttribute('for') === e.id);
        if (l) name = readText(l);
      }
      if (!name && ['button', 'a', 'summary'].includes(e.tagName)) name = readText(e);
      name ||= e.getAttribute('title') ?? e.getAttribute('placeholder') ?? '';
      return { tag: e.tagName, name: name.replace(/\s+/g, ' ').trim(), key: e.dataset.key };
    });
}
