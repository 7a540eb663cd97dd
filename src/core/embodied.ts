// Embodied (manufacturing) carbon of the hardware a run occupies, amortised linearly over the
// hardware's lifetime by the device-hours the run uses (the SCI / LLMCarbon approach).
import { embodiedFor, hostServerEmbodied } from './catalog';
import { HOURS_PER_YEAR } from './constants';
import { formatCount } from './format';
import { sourceYear } from './present/text';

export interface EmbodiedResult {
  kg: number;
  assumption: string;
}

/** `totalsOnly`: the kg alone (a what-if candidate's, estimate.ts), with no sentence. */
export function embodiedCarbon(acceleratorId: string, count: number, hours: number, totalsOnly = false): EmbodiedResult {
  const dev = embodiedFor(acceleratorId);
  const host = hostServerEmbodied();
  const deviceShare = hours / (dev.lifetimeYears * HOURS_PER_YEAR);
  const hostShare = hours / (host.lifetimeYears * HOURS_PER_YEAR);
  const kg = count * dev.kgPerDevice * deviceShare + (count / host.devicesPerServer) * host.kgPerServer * hostShare;
  if (totalsOnly) return { kg, assumption: '' };
  // Sources cited once with their year ("Luccioni et al. 2022 (BLOOM)", not "… (BLOOM), 2022"); counts with
  // thousands separators and fleet-scale hours in k/M, as every other number the user reads.
  const devText = `${formatCount(dev.kgPerDevice)} kg per device${dev.isDefault ? ' (default: no figure for this device)' : ''} (${sourceYear(dev.source, dev.year)})`;
  return {
    kg,
    assumption: `Embodied: ${devText} and ${formatCount(host.kgPerServer)} kg per ${host.devicesPerServer}-device server (${sourceYear(host.source, host.year)}), amortised over ${dev.lifetimeYears} years by ${formatCount(hours)} h of use.`,
  };
}
