// carbonLens.exportReport: the estimate as a Hugging Face model-card block (clipboard, or into the
// README's front matter), a Markdown report or the JSON report (saved where the user says). With
// `{ format, target?, uri?, path? }` it runs without prompts, for the panel and for tests.
import * as vscode from 'vscode';
import { CommandId } from '../../constants';
import type { FileResult } from '../../engine/evaluate';
import { getWorkspaceResults } from '../reportStore';
import { analyseUri, isRecognised, pickRecognisedFile } from '../workspaceScan';
import { log } from '../log';
import { activeFileUri, baseName, extensionVersion, uriFromArg, writableTarget, type ActionServices } from './common';
import { guardedCommand } from './guard';
import { engine } from '../engine';
import { measuredFor } from '../runExtras';

type Format = 'modelCard' | 'markdown' | 'json';
type Target = 'clipboard' | 'file' | 'insert';

interface ExportArgs {
  format: Format;
  target: Target;
  uri?: vscode.Uri;
  /** Save here instead of asking (must be inside a workspace folder). */
  path?: string;
  /** Model card: `measured` (default) uses a finished run's record when one is found; `estimate` never does. */
  prefer?: 'measured' | 'estimate';
  /** Model card into README: replace a block that came from another run without asking. */
  replace?: boolean;
}

export interface ExportResult {
  format: Format;
  target: Target;
  text: string;
  /** Where it was written, for `file` and `insert`. */
  uri?: string;
}

const FORMATS: readonly Format[] = ['modelCard', 'markdown', 'json'];
const DEFAULT_TARGET: Record<Format, Target> = { modelCard: 'clipboard', markdown: 'file', json: 'file' };
const EXTENSION: Record<Format, { ext: string; filter: string; pattern: RegExp }> = {
  modelCard: { ext: 'yaml', filter: 'YAML', pattern: /\.ya?ml$/i },
  markdown: { ext: 'md', filter: 'Markdown', pattern: /\.(md|markdown)$/i },
  json: { ext: 'json', filter: 'JSON', pattern: /\.json$/i },
};

function parseArgs(raw: unknown): ExportArgs | string {
  if (!raw || typeof raw !== 'object') return 'expected { format, target?, uri?, path? }';
  const o = raw as Record<string, unknown>;
  if (!FORMATS.includes(o.format as Format)) return `format must be one of ${FORMATS.join(', ')}`;
  const format = o.format as Format;
  const target = (o.target ?? DEFAULT_TARGET[format]) as Target;
  if (!['clipboard', 'file', 'insert'].includes(target)) return 'target must be clipboard, file or insert';
  if (target === 'insert' && format !== 'modelCard') return 'only the model-card block can be inserted into a README';
  const uri = o.uri === undefined ? undefined : uriFromArg(o.uri);
  if (o.uri !== undefined && !uri) return 'uri is not a URI';
  if (o.path !== undefined && typeof o.path !== 'string') return 'path must be a string';
  if (o.prefer !== undefined && o.prefer !== 'measured' && o.prefer !== 'estimate') return 'prefer must be measured or estimate';
  if (o.replace !== undefined && typeof o.replace !== 'boolean') return 'replace must be a boolean';
  return { format, target, uri, path: o.path as string | undefined, prefer: o.prefer as ExportArgs['prefer'], replace: o.replace as boolean | undefined };
}

interface Choice extends vscode.QuickPickItem {
  format: Format;
  target: Target;
  prefer?: ExportArgs['prefer'];
}

async function ask(fileLabel: string | undefined): Promise<ExportArgs | undefined> {
  const scope = fileLabel ? `for ${fileLabel}` : 'for the workspace';
  const choices: Choice[] = [
    { label: '$(copy) Copy Hugging Face model-card block', description: fileLabel ? `for ${fileLabel}` : 'pick a file', detail: 'co2_eq_emissions in grams, for the README front matter of the model: measured values when a finished run left a record (CodeCarbon, Trainer state), the estimate otherwise', format: 'modelCard', target: 'clipboard' },
    { label: '$(copy) Copy model-card block from the estimate', description: 'even when a measured record exists', format: 'modelCard', target: 'clipboard', prefer: 'estimate' },
    { label: '$(book) Insert model-card block into README.md', description: 'README.md next to the config', format: 'modelCard', target: 'insert' },
    { label: '$(markdown) Save Markdown report…', description: scope, format: 'markdown', target: 'file' },
    { label: '$(json) Save JSON report…', description: `${scope} (same shape as carbon-lens estimate --json)`, format: 'json', target: 'file' },
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: 'Carbon Lens: export', placeHolder: 'Export the estimate as…' });
  return picked && { format: picked.format, target: picked.target, prefer: picked.prefer };
}

/** The file to export: the argument, the active editor's file when recognised, or one the user picks. */
async function fileSource(services: ActionServices, uri: vscode.Uri | undefined, mayPick: boolean): Promise<{ uri: vscode.Uri; result: FileResult } | undefined> {
  const candidate = uri ?? activeFileUri();
  if (candidate) {
    const result = await analyseUri(services, candidate);
    if (isRecognised(result) || uri) return { uri: candidate, result };
  }
  if (!mayPick) return undefined;
  const picked = await pickRecognisedFile(services, 'Export the estimate of which file?');
  return picked && { uri: picked, result: await analyseUri(services, picked) };
}

/** Reports name files by workspace path: they end up in PRs, where absolute paths leak and mean nothing. */
function relative(result: FileResult, uri: vscode.Uri): FileResult {
  return { ...result, path: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) };
}

async function workspaceResults(): Promise<readonly FileResult[] | undefined> {
  if (getWorkspaceResults().length) return getWorkspaceResults();
  const report = await vscode.commands.executeCommand(CommandId.estimateWorkspace);
  return report ? getWorkspaceResults() : undefined;
}

/** The config's text, from its open document when there is one (unsaved edits count). */
async function configText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(uri)).getText();
  } catch {
    return undefined; // a notebook or an unreadable file: no record lookup
  }
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Whether to overwrite a README block that came from another run (another config's export, a
 * CodeCarbon block a training script wrote, a paper's number): asked, never assumed.
 */
async function mayReplace(readmeText: string, readme: vscode.Uri, configUri: vscode.Uri, args: ExportArgs, interactive: boolean): Promise<boolean> {
  if (!(await engine().call('replacesAnotherRun', readmeText, baseName(configUri)))) return true;
  if (args.replace) return true;
  if (!interactive) {
    log.warn(`exportReport: ${readme.toString()} has a co2_eq_emissions block from another run; not replaced (pass replace: true).`);
    return false;
  }
  const choice = await vscode.window.showWarningMessage(
    `${baseName(readme)} already has a co2_eq_emissions block that did not come from ${baseName(configUri)}. Replace it? The other keys of the front matter are kept either way.`,
    { modal: true },
    'Replace',
  );
  return choice === 'Replace';
}

async function insertIntoReadme(configUri: vscode.Uri, block: string, args: ExportArgs, interactive: boolean): Promise<vscode.Uri | undefined> {
  const folder = vscode.Uri.joinPath(configUri, '..');
  let readme = vscode.Uri.joinPath(folder, 'README.md');
  let exists = false;
  try {
    const hit = (await vscode.workspace.fs.readDirectory(folder)).find(([name, type]) => type === vscode.FileType.File && /^readme\.md$/i.test(name));
    if (hit) {
      readme = vscode.Uri.joinPath(folder, hit[0]);
      exists = true;
    }
  } catch (e) {
    log.warn(`Could not list ${folder.toString()}: ${(e as Error).message}`);
  }
  const edit = new vscode.WorkspaceEdit();
  if (exists) {
    const doc = await vscode.workspace.openTextDocument(readme);
    if (!(await mayReplace(doc.getText(), readme, configUri, args, interactive))) return undefined;
    const r = await engine().call('upsertFrontMatter', doc.getText(), block);
    edit.replace(readme, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.newText);
  } else {
    edit.createFile(readme, { ignoreIfExists: true });
    edit.insert(readme, new vscode.Position(0, 0), (await engine().call('upsertFrontMatter', '', block)).newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  await vscode.window.showTextDocument(readme, { preview: false });
  return readme;
}

async function saveTarget(args: ExportArgs, near: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const { ext, filter, pattern } = EXTENSION[args.format];
  if (args.path !== undefined) {
    const uri = writableTarget(args.path, pattern);
    if (typeof uri === 'string') {
      log.warn(`exportReport: rejected path: ${uri}`);
      void vscode.window.showWarningMessage(`Carbon Lens: cannot save there: ${uri}.`);
      return undefined;
    }
    return uri;
  }
  const folder = near ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = args.format === 'modelCard' ? 'co2_eq_emissions.yaml' : `carbon-lens-report.${ext}`;
  return vscode.window.showSaveDialog({ title: 'Carbon Lens: save report', defaultUri: folder && vscode.Uri.joinPath(folder, name), filters: { [filter]: [ext] } });
}

export function exportReportCommand(services: ActionServices) {
  return guardedCommand('Export report', async (raw?: unknown): Promise<ExportResult | undefined> => {
    const interactive = raw === undefined || raw instanceof vscode.Uri;
    let args: ExportArgs | undefined;
    if (interactive) {
      const active = (raw as vscode.Uri | undefined) ?? activeFileUri();
      const recognised = active && isRecognised(await analyseUri(services, active));
      args = await ask(recognised ? baseName(active) : undefined);
      if (args && raw) args.uri = raw as vscode.Uri;
    } else {
      const parsed = parseArgs(raw);
      if (typeof parsed === 'string') {
        log.warn(`exportReport: rejected arguments: ${parsed}`);
        return undefined;
      }
      args = parsed;
    }
    if (!args) return undefined;
    const version = extensionVersion(services);

    let text: string;
    let near: vscode.Uri | undefined;
    if (args.format === 'modelCard') {
      const source = await fileSource(services, args.uri, true);
      if (!source) return undefined;
      near = source.uri;
      // Measured first: a record a finished run left beside the config (CodeCarbon, Trainer state).
      let result = source.result;
      if (args.prefer !== 'estimate') {
        const text = await configText(source.uri);
        const m = text === undefined ? undefined : await measuredFor(source.uri, text, result);
        if (m) result = { ...result, measured: m.comparison.record };
      }
      const block = (await engine().call('modelCard', result, { version, configName: baseName(source.uri), prefer: args.prefer }))?.text;
      if (!block) {
        void vscode.window.showInformationMessage(`Carbon Lens: ${baseName(source.uri)} has no training run with a complete estimate to put in a model card.`);
        return undefined;
      }
      text = block;
    } else {
      // A file when one is given or open; the workspace otherwise.
      const source = await fileSource(services, args.uri, false);
      const files = source ? [relative(source.result, source.uri)] : await workspaceResults();
      if (!files) return undefined;
      near = source?.uri;
      text = args.format === 'json' ? `${JSON.stringify(await engine().call('jsonReport', files, version), null, 2)}\n` : await engine().call('markdownReport', files, { version, generatedAt: new Date().toISOString() });
    }

    if (args.target === 'clipboard') {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(args.format === 'modelCard' ? 'Carbon Lens: model-card block copied. Paste it into the front matter of the model’s README.md.' : 'Carbon Lens: report copied.');
      return { format: args.format, target: args.target, text };
    }
    if (args.target === 'insert') {
      if (!near || near.scheme === 'untitled') {
        void vscode.window.showInformationMessage('Carbon Lens: save the config first, so its README.md has a folder to go in.');
        return undefined;
      }
      const readme = await insertIntoReadme(near, text, args, interactive);
      return readme ? { format: args.format, target: args.target, text, uri: readme.toString() } : undefined;
    }
    const dest = await saveTarget(args, near);
    if (!dest) return undefined;
    await write(dest, text);
    void Promise.resolve(vscode.window.showInformationMessage(`Carbon Lens: saved ${baseName(dest)}.`, 'Open')).then((c) => {
      if (c) void vscode.commands.executeCommand('vscode.open', dest);
    });
    return { format: args.format, target: args.target, text, uri: dest.toString() };
  });
}
