// Ready-to-paste lines that start a command at the chosen window: Slurm, at, and a one-shot cron
// line. Pure string building: nothing here runs anything. All three read the wall clock of the
// machine they run on, so the time is written in the editor's local time (the caller passes its
// UTC offset) and the label says which offset, in case the cluster sits in another time zone.

export interface ScheduleCommand {
  label: string;
  text: string;
}

export const DEFAULT_LAUNCH_COMMAND = './train.sh';

/**
 * `startMs`: window start (epoch ms); `command`: what to run (empty = a placeholder);
 * `utcOffsetMinutes`: minutes east of UTC for the wall clock to write (e.g. 60 for BST, −300 for EST).
 */
export function scheduleCommands(startMs: number, command = DEFAULT_LAUNCH_COMMAND, utcOffsetMinutes = 0): ScheduleCommand[] {
  if (!Number.isFinite(startMs)) return [];
  const offset = Number.isFinite(utcOffsetMinutes) ? Math.round(utcOffsetMinutes) : 0;
  // at and cron have minute resolution: round up so nothing starts before the window does.
  const t = wallClock(Math.ceil(startMs / 60_000) * 60_000, offset);
  // A newline in a settings value would end the line and start a second command: flatten it.
  // Bidi overrides and C1 controls would make the snippet read differently from what it runs.
  const cmd = command.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim() || DEFAULT_LAUNCH_COMMAND;
  const zone = `local time, ${utcLabel(offset)}`;
  const begin = `--begin=${t.y}-${t.mo}-${t.d}T${t.h}:${t.mi}:00`;
  // Plain sbatch arguments stay as written; anything with a shell metacharacter (`;`, `$(`, `|`…)
  // would run the moment the line is pasted, so it becomes a quoted batch script via --wrap.
  const sbatchArgs = /^sbatch\s+/.exec(cmd);
  const plainArgs = sbatchArgs && /^[\w./=:@,+\- ]+$/.test(cmd.slice(sbatchArgs[0].length));
  const slurm = sbatchArgs && plainArgs ? `sbatch ${begin} ${cmd.slice(sbatchArgs[0].length)}` : `sbatch ${begin} --wrap=${shellQuote(cmd)}`;
  return [
    { label: `Slurm (${zone})`, text: slurm },
    // printf, not echo: some shells' echo rewrites backslashes. `at -t [[CC]YY]MMDDhhmm` is the
    // POSIX time form, accepted by every at; the free-form "HH:MM date" parser varies by version.
    { label: `at (${zone})`, text: `printf '%s\\n' ${shellQuote(cmd)} | at -t ${t.y}${t.mo}${t.d}${t.h}${t.mi}` },
    {
      label: `cron (${zone}; one-shot: remove the line after the run)`,
      // cron has no year field, so this line fires again on the same date next year. In crontab a
      // bare % ends the command, hence \%.
      text: `${Number(t.mi)} ${Number(t.h)} ${Number(t.d)} ${Number(t.mo)} * ${cmd.replace(/%/g, '\\%')} # Carbon Lens one-shot: repeats yearly, delete after the run`,
    },
  ];
}

/** POSIX single quoting: everything literal; an embedded ' becomes '\'' (close, escaped quote, reopen). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function wallClock(ms: number, offsetMinutes: number): Record<'y' | 'mo' | 'd' | 'h' | 'mi', string> {
  const d = new Date(ms + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return { y: String(d.getUTCFullYear()), mo: p(d.getUTCMonth() + 1), d: p(d.getUTCDate()), h: p(d.getUTCHours()), mi: p(d.getUTCMinutes()) };
}

function utcLabel(offset: number): string {
  const sign = offset < 0 ? '−' : '+';
  const a = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
