// The run's inputs: each value with where it came from (a clickable file line, or a tag for a
// setting, default or inferred value with the reason as its tooltip), editable in place for a
// what-if. Edits go to the host as the whole set for the run; the host re-estimates and answers
// with a new model, so this module keeps no estimate logic of its own.
import {
  NUMERIC_LIMITS, PRECISIONS,
  type CatalogOption, type InputRowView, type NumericEditableField, type RunView, type WhatIfEdits,
} from '../../shared/protocol';
import { button, el } from './dom';
import { parseNumber, parseQuantity } from './quantity';
import { postWhatIf, type RenderContext } from './context';

const ORIGIN_TEXT: Record<string, string> = {
  setting: 'setting',
  default: 'default',
  inferred: 'inferred',
  whatif: 'what-if',
  file: 'file',
};

/** Where a value came from: a link to its line when it has one, else a tag. */
export function originBadge(row: InputRowView, runIndex: number, ctx: RenderContext, canReveal: boolean): HTMLElement | null {
  const parts: HTMLElement[] = [];
  if (row.origin !== 'file' && row.origin !== 'none') {
    parts.push(el('span', { class: `tag tag-${row.origin}`, text: ORIGIN_TEXT[row.origin] ?? row.origin, attrs: { title: row.note } }));
  }
  if (row.line !== undefined) {
    const where = row.where ?? `line ${row.line}`;
    if (canReveal) {
      parts.push(button(where, () => ctx.post({ type: 'reveal', runIndex, field: row.field }), {
        class: 'link origin-line',
        key: `reveal-${row.field}`,
        attrs: { title: row.origin === 'file' ? `Go to ${where}${row.note ? ` — ${row.note}` : ''}` : `Go to ${where}`, 'aria-label': `${row.label}: go to ${where}` },
      }));
    } else {
      parts.push(el('span', { class: 'muted', text: where }));
    }
  } else if (row.origin === 'file') {
    parts.push(el('span', { class: 'tag tag-file', text: 'file', attrs: { title: row.note } }));
  }
  return parts.length ? el('span', { class: 'origin' }, ...parts) : null;
}

function optionList(select: HTMLSelectElement, options: readonly CatalogOption[], current: string, emptyLabel: string): void {
  select.append(el('option', { text: emptyLabel, attrs: { value: '' } }));
  if (current && !options.some((o) => o.id === current)) {
    select.append(el('option', { text: current, attrs: { value: current } }));
  }
  let group: HTMLOptGroupElement | undefined;
  for (const o of options) {
    if (!group || group.label !== o.group) {
      group = el('optgroup', { attrs: { label: o.group } });
      select.append(group);
    }
    group.append(el('option', { text: o.label, attrs: { value: o.id } }));
  }
  select.value = current;
}

function limitText(field: NumericEditableField): string {
  const l = NUMERIC_LIMITS[field];
  return `Enter ${l.integer ? 'a whole number' : 'a number'} from ${l.min} to ${l.max.toLocaleString('en-US')}${field === 'params' || field === 'tokens' ? ' (8B, 500M, 2T are fine)' : ''}.`;
}

/** The value typed or picked, checked against the same limits the host applies; a string = why not. */
function parseEdit(row: InputRowView, text: string): { value: string | number } | { error: string } | { clear: true } {
  const kind = row.editor!.kind;
  const t = text.trim();
  if (t === '') return { clear: true };
  if (kind === 'text') return t.length <= 200 ? { value: t } : { error: 'At most 200 characters.' };
  if (kind === 'hardware' || kind === 'region') return { value: t };
  if (kind === 'precision') return (PRECISIONS as readonly string[]).includes(t) ? { value: t } : { error: 'Pick a precision from the list.' };
  const field = row.field as NumericEditableField;
  const lim = NUMERIC_LIMITS[field];
  const n = kind === 'quantity' ? parseQuantity(t) : parseNumber(t);
  if (n === undefined || n < lim.min || n > lim.max || (lim.integer && !Number.isInteger(n))) return { error: limitText(field) };
  return { value: n };
}

function editorFor(row: InputRowView, run: RunView, ctx: RenderContext, errorId: string, showError: (msg: string) => void): HTMLElement {
  const editor = row.editor!;
  const id = `in-${row.field}`;
  const commit = (text: string): void => {
    const parsed = parseEdit(row, text);
    if ('error' in parsed) {
      showError(parsed.error);
      return;
    }
    showError('');
    const edits: WhatIfEdits = { ...(run.whatIf?.edits ?? {}) };
    const field = row.field as keyof WhatIfEdits;
    if ('clear' in parsed) {
      if (edits[field] === undefined) return;
      delete edits[field];
    } else {
      if (row.origin !== 'whatif' && text.trim() === editor.raw) return; // unchanged
      (edits as Record<string, string | number>)[field] = parsed.value;
    }
    postWhatIf(ctx, run.index, edits);
  };
  const common = { id, 'aria-describedby': errorId, 'aria-label': row.label };
  if (editor.kind === 'region') {
    // Hundreds of regions: VS Code's own searchable quick pick (the one `Set default region` uses),
    // with provider, location and intensity per item, rather than a long select in a narrow sidebar.
    const shown = editor.raw ? row.value : 'not stated (world average)';
    return button(shown, () => ctx.model.kind === 'file' && ctx.post({ type: 'pickRegion', uri: ctx.model.uri, runIndex: run.index }), {
      class: 'picker',
      key: id,
      iconAfter: 'search',
      attrs: { id, 'aria-describedby': errorId, 'aria-label': `${row.label}: ${shown}. Change the region (searchable list)`, 'aria-haspopup': 'listbox', title: 'Pick a region: cloud regions and countries with their grid intensity' },
    });
  }
  if (editor.kind === 'hardware' || editor.kind === 'precision') {
    const select = el('select', { key: id, attrs: common });
    if (editor.kind === 'precision') {
      optionList(select, PRECISIONS.map((p) => ({ id: p, label: p, group: 'Precision' })), editor.raw, '— not stated —');
    } else {
      optionList(select, ctx.catalog?.accelerators ?? [], editor.raw, '— not stated —');
    }
    select.addEventListener('change', () => commit(select.value));
    return select;
  }
  const input = el('input', {
    key: id,
    attrs: {
      ...common,
      type: editor.kind === 'number' ? 'number' : 'text',
      inputmode: editor.kind === 'text' ? undefined : 'decimal',
      min: editor.kind === 'number' ? NUMERIC_LIMITS[row.field as NumericEditableField].min : undefined,
      max: editor.kind === 'number' ? NUMERIC_LIMITS[row.field as NumericEditableField].max : undefined,
      step: editor.kind === 'number' ? 'any' : undefined,
      maxlength: editor.kind === 'text' ? 200 : 40,
      placeholder: editor.kind === 'quantity' ? 'e.g. 8B' : editor.kind === 'text' ? 'model id, e.g. meta-llama/Llama-3.1-8B' : '—',
      spellcheck: 'false',
      autocomplete: 'off',
    },
  });
  input.value = editor.raw;
  // `change` fires on Enter or when focus leaves: one re-estimate per edit, not per keystroke.
  input.addEventListener('change', () => commit(input.value));
  return input;
}

function inputRow(row: InputRowView, run: RunView, ctx: RenderContext, canReveal: boolean): HTMLElement {
  const errorId = `err-${row.field}`;
  const error = el('div', { class: 'field-error', attrs: { id: errorId, 'aria-live': 'polite' } });
  const showError = (msg: string): void => {
    error.textContent = msg;
    const control = container.querySelector('select') ?? container.querySelector('input');
    if (msg) control?.setAttribute('aria-invalid', 'true');
    else control?.removeAttribute('aria-invalid');
  };
  const head = el('div', { class: 'input-head' },
    row.editor ? el('label', { text: row.label, attrs: { for: `in-${row.field}` } }) : el('span', { class: 'input-label', text: row.label }),
    originBadge(row, run.index, ctx, canReveal),
  );
  const container = el('div', { class: `input-row${row.origin === 'whatif' ? ' edited' : ''}`, attrs: { role: 'listitem' } }, head);
  if (row.editor) container.append(editorFor(row, run, ctx, errorId, showError));
  else container.append(el('div', { class: 'input-value', text: row.value, attrs: { title: row.note } }));
  if (row.fileValue !== undefined) container.append(el('div', { class: 'muted small', text: `File: ${row.fileValue}` }));
  container.append(error);
  return container;
}

export function renderInputs(run: RunView, ctx: RenderContext, canReveal: boolean): HTMLElement {
  const edited = run.whatIf !== undefined;
  const section = el('section', { class: 'inputs', attrs: { 'aria-labelledby': 'inputs-h' } },
    el('h3', { text: 'Inputs', attrs: { id: 'inputs-h' } }),
    el('p', { class: 'muted small', text: 'Change a value to see a what-if. The file is not changed.' }),
    el('div', { class: 'input-list', attrs: { role: 'list' } }, ...run.inputs.map((r) => inputRow(r, run, ctx, canReveal))),
  );
  if (edited) {
    section.append(button('Reset to the file’s values', () => postWhatIf(ctx, run.index, {}), { class: 'secondary', key: 'reset', attrs: { 'aria-label': 'Reset every input to the file’s values' } }));
  }
  if (run.otherInputs.length) {
    section.append(el('details', { class: 'other-inputs' },
      el('summary', { text: `Other inputs (${run.otherInputs.length})` }),
      el('div', { class: 'input-list', attrs: { role: 'list' } }, ...run.otherInputs.map((r) => inputRow(r, run, ctx, canReveal))),
    ));
  }
  return section;
}
