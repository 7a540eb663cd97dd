// carbonLens.setDefaultHardware: pick an accelerator from the catalogue (with its power envelope) and
// write carbonLens.defaultHardware.
import * as vscode from 'vscode';
import { ConfigSection } from '../../constants';
import { DEFAULT_ACCELERATOR_ID, findAccelerator, listAccelerators } from '../../core/catalog';
import { configTarget } from './common';
import { guardedCommand } from './guard';

interface HardwareItem extends vscode.QuickPickItem {
  value?: string;
}

function items(current: string): HardwareItem[] {
  const fallback = findAccelerator(DEFAULT_ACCELERATOR_ID)?.name ?? DEFAULT_ACCELERATOR_ID;
  const currentId = current ? findAccelerator(current)?.id : undefined;
  const out: HardwareItem[] = [{ label: '$(circle-slash) No default', description: `estimate as ${fallback}`, value: '' }];
  let vendor = '';
  const sorted = listAccelerators().sort((a, b) => a.vendor.localeCompare(b.vendor) || a.name.localeCompare(b.name));
  for (const a of sorted) {
    if (a.vendor !== vendor) {
      vendor = a.vendor;
      out.push({ label: vendor, kind: vscode.QuickPickItemKind.Separator });
    }
    const tdp = `${a.tdpEstimated ? '~' : ''}${a.tdpW} W ${a.tdpBasis ? a.tdpBasis.split(' (')[0] : 'TDP'}`;
    out.push({
      label: `${a.name}${a.id === currentId ? ' $(check)' : ''}`,
      description: [a.memoryGb ? `${a.memoryGb} GB` : undefined, a.formFactor].filter(Boolean).join(' · '),
      detail: `${tdp} · ${a.source} (${a.year})`,
      value: a.id,
    });
  }
  return out;
}

export function setDefaultHardwareCommand() {
  return guardedCommand('Set default hardware', async (arg?: unknown): Promise<string | undefined> => {
    const config = vscode.workspace.getConfiguration(ConfigSection);
    let value: string | undefined;
    if (typeof arg === 'string') {
      const hit = arg === '' ? undefined : findAccelerator(arg);
      if (arg !== '' && !hit) {
        void vscode.window.showWarningMessage(`Carbon Lens: unknown accelerator "${arg.slice(0, 80)}".`);
        return undefined;
      }
      value = hit?.id ?? '';
    } else {
      const current = config.get<string>('defaultHardware') ?? '';
      const picked = await vscode.window.showQuickPick(items(current), {
        title: 'Carbon Lens: default hardware',
        placeHolder: current ? `Current: ${current}. Used when a file names no accelerator.` : 'Used when a file names no accelerator.',
        matchOnDescription: true,
      });
      if (!picked || picked.value === undefined) return undefined;
      value = picked.value;
    }
    await config.update('defaultHardware', value || undefined, configTarget());
    return value;
  });
}
