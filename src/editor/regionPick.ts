// The searchable region quick pick: cloud regions by provider and countries, each with its location
// and grid intensity (g CO₂e/kWh and the year of the figure), the current one marked. One picker for
// the `carbonLens.setDefaultRegion` command and the panel's region control, so both read the same.
import * as vscode from 'vscode';
import { listCountries, listRegions } from '../core/catalog';

interface RegionItem extends vscode.QuickPickItem {
  value?: string;
}

const PROVIDERS = [['aws', 'AWS'], ['gcp', 'Google Cloud'], ['azure', 'Azure']] as const;

/** What the first row does: no default for the command, back to the file's value for the panel. */
export interface FirstItem {
  label: string;
  description: string;
  detail?: string;
}

export function regionItems(current: string, first: FirstItem): RegionItem[] {
  const out: RegionItem[] = [{ ...first, value: '' }];
  const mark = (id: string) => (id.toLowerCase() === current.toLowerCase() ? ' $(check)' : '');
  for (const [provider, name] of PROVIDERS) {
    out.push({ label: name, kind: vscode.QuickPickItemKind.Separator });
    for (const r of listRegions(provider).sort((a, b) => a.region.localeCompare(b.region))) {
      out.push({ label: `${r.id}${mark(r.id)}`, description: `${name} · ${r.location}`, detail: `${Math.round(r.gPerKwh)} g CO₂e/kWh (${r.year}) · ${r.source}`, value: r.id });
    }
  }
  out.push({ label: 'Countries', kind: vscode.QuickPickItemKind.Separator });
  for (const c of listCountries().sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ label: `${c.code}${mark(c.code)}`, description: c.name, detail: `${Math.round(c.gPerKwh)} g CO₂e/kWh (${c.year}) · ${c.source}`, value: c.code });
  }
  return out;
}

/** The region picked (`''` for the first row), or undefined when the pick was dismissed. */
export async function pickRegion(current: string, opts: { title: string; placeHolder: string; first: FirstItem }): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(regionItems(current, opts.first), {
    title: opts.title,
    placeHolder: opts.placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.value;
}
