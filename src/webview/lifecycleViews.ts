// The panel's lifecycle, measured-vs-estimated and carbon-aware-timing sections: facts computed by
// the core, reduced to clean, clipped text that matches the protocol schema. Pure.
import type { MeasuredComparison } from '../core/calibration';
import { calibrationSentence, lifecycleLines, measuredLines, type FactLine } from '../core/lifecycleText';
import { againstTraining } from '../core/lifecycle';
import type { Estimate } from '../core/runSpec';
import type { FactView, LifecycleView, MeasuredView, TimingView } from '../shared/protocol';
import type { RunExtras, TimingInput } from '../shared/runExtras';
import { cleanText } from './cleanText';

const S = 300;
const T = 2000;

const facts = (lines: readonly FactLine[], max: number): FactView[] => lines.slice(0, max).map((l) => ({ label: cleanText(l.label, S), value: cleanText(l.value, T) }));

export function lifecycleView(e: Estimate, extras: RunExtras): LifecycleView | undefined {
  let l = e.lifecycle;
  if (!l) return undefined;
  let note = l.basis;
  if (e.phase === 'inference' && extras.training) {
    l = againstTraining(l, extras.training.kg);
    note += ` Training: ${extras.training.from}.`;
  } else if (e.phase === 'inference') {
    note += ' To compare with training, estimate the workspace with the model’s training config in it.';
  } else if (!l.queriesPerDay) {
    note += ' Set carbonLens.inference.queriesPerDay to see a year of serving beside the training.';
  }
  return { lines: facts(lifecycleLines(l), 8), note: cleanText(note, T) };
}

export function measuredView(c: MeasuredComparison | undefined): MeasuredView | undefined {
  if (!c) return undefined;
  const cal = calibrationSentence(c);
  const view: MeasuredView = {
    file: cleanText(c.record.file, S),
    lines: facts(measuredLines(c), 6),
    notes: c.notes.slice(0, 6).map((n) => cleanText(n, T)),
    canCalibrate: c.effectiveMfu !== undefined,
  };
  if (cal) view.calibrationText = cleanText(cal, T);
  return view;
}

export function timingView(t: TimingInput | undefined): TimingView | undefined {
  if (!t) return undefined;
  const view: TimingView = { offline: cleanText(t.offline, T), online: t.online, providerText: cleanText(t.providerText, S), canFetch: t.canFetch };
  if (t.status) view.status = cleanText(t.status, T);
  if (t.window) {
    view.window = {
      lines: facts(t.window.lines, 6),
      commands: t.window.commands.slice(0, 4).map((c) => ({ label: cleanText(c.label, S), text: cleanText(c.text, T) })),
      source: cleanText(t.window.source, T),
    };
  }
  return view;
}
