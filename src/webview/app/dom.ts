// A tiny element builder. Text goes in as text nodes only (textContent), never as markup, and the
// builder refuses event-handler and style attributes, so nothing built here can carry script or
// inline style whatever the data says.

type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined>;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Attrs;
  /** Stable identity for focus restoration across re-renders (see `restoreFocus`). */
  key?: string;
}

function setAttrs(e: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    const n = name.toLowerCase();
    if (n.startsWith('on') || n === 'style' || n === 'srcdoc') throw new Error(`dom: attribute ${name} is not allowed`);
    e.setAttribute(name, v === true ? '' : String(v));
  }
}

function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Appends children, skipping null/false (optional sections). */
export function add(parent: Node, ...children: Child[]): void {
  append(parent, children);
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.key) e.dataset.key = props.key;
  setAttrs(e, props.attrs);
  append(e, children);
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

const ICON_NAME = /^[a-z0-9-]{1,40}$/;

/**
 * A codicon (the icon font VS Code uses, dist/codicons/) in place of a Unicode arrow or symbol: it
 * follows the theme and high contrast, and is hidden from screen readers (the text beside it, or the
 * control's aria-label, says what it means).
 */
export function icon(name: string): HTMLSpanElement {
  if (!ICON_NAME.test(name)) throw new Error(`dom: not an icon name: ${name}`);
  return el('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

export function button(label: string, onClick: () => void, props: Props & { icon?: string; iconAfter?: string } = {}): HTMLButtonElement {
  const { icon: before, iconAfter, ...rest } = props;
  const b = el('button', { ...rest, attrs: { type: 'button', ...rest.attrs } },
    before ? icon(before) : null, before && label ? ' ' : null, label, iconAfter && label ? ' ' : null, iconAfter ? icon(iconAfter) : null);
  b.addEventListener('click', onClick);
  return b;
}

/** The data-key of the focused element, to give focus back after the panel is rebuilt. */
export function focusedKey(): string | undefined {
  const a = document.activeElement;
  return a instanceof HTMLElement ? a.dataset.key : undefined;
}

export function restoreFocus(root: HTMLElement, key: string | undefined): void {
  if (!key) return;
  for (const e of Array.from(root.querySelectorAll<HTMLElement>('[data-key]'))) {
    if (e.dataset.key === key) {
      e.focus();
      return;
    }
  }
}
