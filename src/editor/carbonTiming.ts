// Carbon-aware timing in the editor: the offline verdict from bundled data for every training run,
// and — only when the user has turned online features on and asks — a forecast from the chosen
// provider, the lowest-carbon window of the run's length, and commands to start it then.
// Tokens come from SecretStorage; nothing is fetched unless `carbonLens.online.enabled` is true.
import * as vscode from 'vscode';
import { ConfigSection } from '../constants';
import { formatEnergy, formatHours, formatMass } from '../core/format';
import { gridVariation } from '../core/gridVariation';
import type { Estimate } from '../core/runSpec';
import { bestWindow, savingKg } from '../core/timing/window';
import { scheduleCommands } from '../core/timing/scheduleCommands';
import { PROVIDER_NAMES, type ForecastProvider } from '../core/timing/forecast';
import { createForecastClient, type ForecastClient } from '../online/forecastClient';
import type { TimingInput } from '../shared/runExtras';
import { log } from './log';

export const SECRET_KEYS = {
  electricityMapsToken: 'carbonLens.electricityMaps.token',
  wattTimeUser: 'carbonLens.wattTime.username',
  wattTimePassword: 'carbonLens.wattTime.password',
} as const;

interface ProviderChoice {
  provider: ForecastProvider;
  zone?: string;
  text: string;
  /** Why a forecast cannot be fetched for this run with these settings. */
  why?: string;
}

interface RunTiming {
  /** The run length the window was found for: an edit that changes it makes the window stale. */
  hours?: number;
  status?: string;
  window?: TimingInput['window'];
}

function onlineSettings(scope: vscode.Uri): { enabled: boolean; provider: ForecastProvider; zone: string; launch: string } {
  const c = vscode.workspace.getConfiguration(ConfigSection, scope);
  const p = c.get<string>('online.provider');
  const provider: ForecastProvider = p === 'electricity-maps' || p === 'watttime' ? p : 'uk-carbon-intensity';
  const zone = String(c.get('online.zone') ?? '').trim().slice(0, 64);
  const launch = String(c.get('online.launchCommand') ?? '').trim().slice(0, 500);
  return { enabled: c.get('online.enabled') === true, provider, zone, launch };
}

function choose(provider: ForecastProvider, zone: string, country: string | undefined, countryName: string): ProviderChoice {
  const name = PROVIDER_NAMES[provider];
  if (provider === 'uk-carbon-intensity') {
    if (country && country !== 'GB' && !zone) {
      return { provider, text: `${name} (Great Britain)`, why: `The UK Carbon Intensity API covers Great Britain; this run's grid is ${countryName}. Choose Electricity Maps or WattTime in carbonLens.online.provider.` };
    }
    return { provider, zone: zone || undefined, text: `${name} (${zone ? `postcode ${zone}` : 'GB national'})` };
  }
  if (provider === 'electricity-maps') {
    const z = zone || country;
    return z ? { provider, zone: z, text: `${name} (zone ${z})` } : { provider, text: name, why: 'Set carbonLens.online.zone to an Electricity Maps zone (e.g. DE, FR, US-CAL-CISO), or give the run a region.' };
  }
  return zone ? { provider, zone, text: `${name} (region ${zone}, marginal signal)` } : { provider, text: name, why: 'Set carbonLens.online.zone to a WattTime region (e.g. CAISO_NORTH).' };
}

export class TimingService implements vscode.Disposable {
  private readonly state = new Map<string, RunTiming>();
  private readonly client: ForecastClient;

  constructor(private readonly secrets: vscode.SecretStorage, client?: ForecastClient) {
    // The end-to-end tests point every provider at a recorded-response server on 127.0.0.1.
    const origin = process.env.CARBON_LENS_FORECAST_ORIGIN;
    const baseUrls = origin && /^http:\/\/127\.0\.0\.1:\d+$/.test(origin)
      ? { 'uk-carbon-intensity': origin, 'electricity-maps': origin, watttime: origin }
      : undefined;
    this.client = client ?? createForecastClient({ log: (m) => log.info(`Forecast: ${m}`), baseUrls });
  }

  /** Drops cached forecasts and logins (credentials changed). */
  clearCache(): void {
    this.client.clear();
  }

  /** The run's grid verdict and the forecast its settings would ask for. */
  private plan(uri: vscode.Uri, e: Estimate): { settings: ReturnType<typeof onlineSettings>; variation: ReturnType<typeof gridVariation>; choice: ProviderChoice } {
    const region = e.inputs.region?.value;
    const variation = gridVariation(region);
    const settings = onlineSettings(uri);
    return { settings, variation, choice: choose(settings.provider, settings.zone, variation.country, region ?? 'unknown') };
  }

  /** What the panel shows for a run; undefined for runs timing does not apply to. */
  input(uri: vscode.Uri, runIndex: number, e: Estimate | undefined, online: boolean): TimingInput | undefined {
    if (!e || e.phase !== 'training' || e.missing.length) return undefined;
    const { variation: v, choice } = this.plan(uri, e);
    const held = this.state.get(key(uri, runIndex));
    const st = held && (held.hours === undefined || held.hours === e.hours.mid) ? held : undefined;
    const t: TimingInput = { offline: v.text, online, providerText: choice.text, canFetch: online && !choice.why };
    const status = st?.status ?? (online ? choice.why : undefined);
    if (status) t.status = status;
    if (st?.window) t.window = st.window;
    return t;
  }

  /** Fetches a forecast for the run and finds its best window; `changed` redraws the panel. */
  async fetch(uri: vscode.Uri, runIndex: number, e: Estimate, changed: () => void): Promise<void> {
    const k = key(uri, runIndex);
    const { settings: s, choice } = this.plan(uri, e);
    if (!s.enabled) {
      this.state.set(k, { status: 'Online features are off (carbonLens.online.enabled): nothing was fetched.' });
      return changed();
    }
    if (choice.why) {
      this.state.set(k, { status: choice.why });
      return changed();
    }
    this.state.set(k, { status: `Fetching the ${PROVIDER_NAMES[choice.provider]} forecast…`, window: this.state.get(k)?.window });
    changed();
    const credentials = await this.credentials(choice.provider);
    if (credentials === null) {
      this.state.set(k, { status: `${PROVIDER_NAMES[choice.provider]} needs credentials: run "Carbon Lens: Set online forecast credentials".` });
      return changed();
    }
    const forecast = await this.client.getForecast({ provider: choice.provider, zone: choice.zone, credentials });
    if ('error' in forecast) {
      this.state.set(k, { status: forecast.error });
      return changed();
    }
    const hours = e.hours.mid;
    const w = bestWindow(forecast, hours, Date.now());
    if ('reason' in w) {
      this.state.set(k, { status: w.reason });
      return changed();
    }
    const oneRun = e.breakdown.find((b) => b.id === 'run')?.energyKwh.mid ?? e.energyKwh.mid;
    const saved = savingKg(oneRun, w);
    const when = new Date(w.start);
    const lines = [
      { label: 'Start', value: `${when.toLocaleString()} (${formatHours(hours)} run, ends ${new Date(w.end).toLocaleString()})` },
      { label: 'Mean intensity', value: `${Math.round(w.meanGPerKwh)} g CO₂e/kWh, against ${Math.round(w.startNowMeanGPerKwh)} if started ${w.baselineStart > Date.now() + 60_000 ? `at ${new Date(w.baselineStart).toLocaleString()}, the forecast's earliest start` : 'now'}` },
      { label: 'Saving', value: saved > 0 ? `${Math.round(w.savingFraction * 100)} % — about ${formatMass(saved)} CO₂e on ${formatEnergy(oneRun)} for one run` : 'none: now is already the best start in the forecast' },
    ];
    const launch = s.launch || './train.sh';
    const commands = saved > 0 ? scheduleCommands(w.start, launch, -when.getTimezoneOffset()) : [];
    this.state.set(k, {
      hours,
      window: {
        lines,
        commands,
        source: `${forecast.source}; fetched ${new Date(forecast.fetchedAt).toLocaleTimeString()}.${s.launch ? '' : ' Replace ./train.sh with your launch command (setting carbonLens.online.launchCommand).'}`,
      },
    });
    changed();
  }

  /** Credentials for a provider from SecretStorage; null when required and missing. */
  private async credentials(provider: ForecastProvider): Promise<{ token?: string; username?: string; password?: string } | undefined | null> {
    if (provider === 'uk-carbon-intensity') return undefined;
    if (provider === 'electricity-maps') {
      const token = await this.secrets.get(SECRET_KEYS.electricityMapsToken);
      return token ? { token } : null;
    }
    const [username, password] = await Promise.all([this.secrets.get(SECRET_KEYS.wattTimeUser), this.secrets.get(SECRET_KEYS.wattTimePassword)]);
    return username && password ? { username, password } : null;
  }

  /** Forgets a document's timing state (on close) so the map does not grow with the session. */
  forget(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}#`;
    for (const k of [...this.state.keys()]) if (k.startsWith(prefix)) this.state.delete(k);
  }

  dispose(): void {
    this.state.clear();
  }
}

function key(uri: vscode.Uri, runIndex: number): string {
  return `${uri.toString()}#${runIndex}`;
}
