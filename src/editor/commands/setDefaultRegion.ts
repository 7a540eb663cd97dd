// carbonLens.setDefaultRegion: pick a cloud region or country from the catalogue (grid intensity and
// its year shown, so the choice is an informed one) and write carbonLens.defaultRegion.
import * as vscode from 'vscode';
import { ConfigSection } from '../../constants';
import { findRegion, worldIntensity } from '../../core/catalog';
import { pickRegion } from '../regionPick';
import { configTarget } from './common';
import { guardedCommand } from './guard';

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
      const world = worldIntensity();
      const picked = await pickRegion(current, {
        title: 'Carbon Lens: default region',
        placeHolder: current ? `Current: ${current}. Used when a file names no region.` : 'Used when a file names no region.',
        first: { label: '$(circle-slash) No default', description: 'world-average grid', detail: `${Math.round(world.gPerKwh)} g CO₂e/kWh (${world.year}) · ${world.source}` },
      });
      if (picked === undefined) return undefined;
      value = picked;
    }
    await config.update('defaultRegion', value || undefined, configTarget());
    return value;
  });
}
