// The panel's script (bundled to dist/webview.js, runs in the webview's sandboxed page).
// Handshake: it announces `ready` (with what it remembered) once it listens, and the host posts
// nothing before that. Every message from the host is checked against the protocol schema first.
import { isHostToWebview, hostToWebviewSchema, isWebviewToHost, type CatalogView, type HostToWebview, type PanelModel, type WebviewToHost } from '../../shared/protocol';
import type { RenderContext } from './context';
import { render } from './render';
import { loadState, type UiState } from './state';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

(function main(): void {
  // Kept in this closure, never on window: any script that got hold of it could post as us.
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app');
  const status = document.getElementById('status');
  if (!root) return;

  const ui: UiState = loadState(vscode.getState());
  let model: PanelModel | undefined;
  let revision = 0;
  let catalog: CatalogView | undefined;
  let lastWhatIfText = '';
  const expanded = new Set<string>();

  const save = (): void => vscode.setState(ui);

  const post = (msg: WebviewToHost): void => {
    // Our own messages pass the same check the host makes, so a bug here fails loudly in the console.
    if (!isWebviewToHost(msg)) {
      console.warn('Carbon Lens: not sending an invalid message', msg);
      return;
    }
    vscode.postMessage(msg);
  };

  const context = (): RenderContext | undefined =>
    model && {
      model,
      revision,
      catalog,
      sort: ui.sort,
      post,
      setSort: (sort) => {
        ui.sort = sort;
        save();
        draw();
      },
      expanded,
      toggleExpanded: (key) => {
        if (!expanded.delete(key)) expanded.add(key);
        draw();
      },
    };

  function draw(): void {
    const ctx = context();
    if (ctx) render(root!, ctx);
  }

  /** Remembers what the host confirmed, so a reloaded panel asks for the same file, run and what-if. */
  function remember(m: PanelModel): void {
    if (m.kind === 'file') {
      ui.restore = { uri: m.uri, runIndex: m.selected, mode: 'file' };
      if (m.run?.whatIf) ui.restore.edits = m.run.whatIf.edits;
    } else if (m.kind === 'workspace') {
      ui.restore = { ...ui.restore, mode: 'workspace' };
    }
    save();
  }

  /** Says the what-if's result aloud (it appears away from the control that caused it). */
  function announce(m: PanelModel): void {
    const w = m.kind === 'file' ? m.run?.whatIf : undefined;
    const text = w ? `What-if: ${w.estimate.co2e.text}. ${w.deltaText}` : '';
    if (status && text !== lastWhatIfText) status.textContent = text;
    lastWhatIfText = text;
  }

  function onMessage(msg: HostToWebview): void {
    if (msg.type === 'init') {
      catalog = msg.catalog;
    } else {
      model = msg.model;
      revision = msg.revision;
      remember(msg.model);
      announce(msg.model);
    }
    draw();
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (!isHostToWebview(data)) {
      console.warn(`Carbon Lens: ignored a message from the host (${hostToWebviewSchema.validate(data, 'message') ?? 'invalid'})`);
      return;
    }
    onMessage(data);
  });

  post({ type: 'ready', restore: ui.restore });
})();
