// carbonLens.setDefaultRegion: pick a cloud region or country from the catalogue (grid intensity and
// its year shown, so the choice is an informed one) and write carbonLens.defaultRegion.
import * as vscode from 'vscode';
import { ConfigSection } from '../../constants';
import { findRegion, listCountries, listRegions, worldIntensity } from '../../core/catalog';
import { configTarget } from './common';
import { guardedCommand } from './guard';

interface RegionItem extends vscode.QuickPickItem {
  value?: string;
}

function items(current: string): RegionItem[] {
  const world = worldIntensity();
  const out: RegionItem[] = [
    { label: '$(circle-slash) No default', description: 'world-average grid', detail: `${Math.round(world.gPerKwh)} g CO₂e/kWh (${world.year}) · ${world.source}`, value: '' },
  ];
  const mark = (id: string) => (id === current ? ' $(check)' : '');
  for (const provider of ['aws', 'gcp', 'azure'] as const) {
    out.push({ label: provider.toUpperCase(), kind: vscode.QuickPickItemKind.Separator });
    for (const r of listRegions(provider).sort((a, b) => a.region.localeCompare(b.region))) {
      out.push({ label: `${r.id}${mark(r.id)}`, description: r.location, detail: `${Math.round(r.gPerKwh)} g CO₂e/kWh (${r.year}) · ${r.source}`, value: r.id });
    }
  }
  out.push({ label: 'Countries', kind: vscode.QuickPickItemKind.Separator });
  for (const c of listCountries().sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ label: `${c.code}${mark(c.code)}`, description: c.name, detail: `${Math.round(c.gPerKwh)} g CO₂e/kWh (${c.year}) · ${c.source}`, value: c.code });
  }
  return out;
}

export function setDefaultRegionCommand() {
  return guardedCommand('Set default region', async (arg?: unknown): Promise<string | undefined> => {
    const config = vscode.workspace.getConfiguration(ConfigSection);
    let value: string | undefined;
    if (typeof arg === 'string') {
      if (arg !== '' && !findRegion(arg)) {
        void vscode.window.showWarningMessage(`Carbon Lens: unknown region "${arg.slice(0, 80)}".`);
        return undefined;
      }
      value = arg;
    } else {
      const current = config.get<string>('defaultRegion') ?? '';
      const picked = await vscode.window.showQuickPick(items(current), {
        title: 'Carbon Lens: default region',
        placeHolder: current ? `Current: ${current}. Used when a file names no region.` : 'Used when a file names no region.',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked || picked.value === undefined) return undefined;
      value = picked.value;
    }
    await config.update('defaultRegion', value || undefined, configTarget());
    return value;
  });
}
