// Embodied (manufacturing) carbon of the hardware a run occupies, amortised linearly over the
// hardware's lifetime by the device-hours the run uses (the SCI / LLMCarbon approach).
import { embodiedFor, hostServerEmbodied } from './catalog';
import { HOURS_PER_YEAR } from './constants';

export interface EmbodiedResult {
  kg: number;
  assumption: string;
}

export function embodiedCarbon(acceleratorId: string, count: number, hours: number): EmbodiedResult {
  const dev = embodiedFor(acceleratorId);
  const host = hostServerEmbodied();
  const deviceShare = hours / (dev.lifetimeYears * HOURS_PER_YEAR);
  const hostShare = hours / (host.lifetimeYears * HOURS_PER_YEAR);
  const kg = count * dev.kgPerDevice * deviceShare + (count / host.devicesPerServer) * host.kgPerServer * hostShare;
  const devText = `${dev.kgPerDevice} kg per device${dev.isDefault ? ' (default: no figure for this device)' : ''} (${dev.source}, ${dev.year})`;
  return {
    kg,
    assumption: `Embodied: ${devText} and ${host.kgPerServer} kg per ${host.devicesPerServer}-device server (${host.source}, ${host.year}), amortised over ${dev.lifetimeYears} years by ${+hours.toPrecision(3)} h of use.`,
  };
}
