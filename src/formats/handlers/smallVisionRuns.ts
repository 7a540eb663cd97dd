// What a CIFAR/MNIST training script (smallVision.ts) adds to a run: the network as built for 32×32
// images, the torchvision dataset's size, and FP32 when nothing in the script casts to half precision.
// Used when a launch line runs the script (`python main.py --lr 0.1`, from a shell or Slurm script;
// entryDefaults.ts) and when the script itself is opened (smallVisionScript.ts).
import type { RunInputs, SourceRange } from '../../core/runSpec';
import { scanPython } from '../pyCalls';
import { cifarVariant, readSmallVision, type SmallVisionFacts } from '../smallVision';
import type { EntryFacts, EntryValue } from '../entryScript';
import type { Word } from '../launcherFlags';

/** Cheap pre-check before scanning: a torchvision small-image dataset and a backward pass. */
export function looksSmallVision(text: string): boolean {
  return (text.includes('CIFAR') || text.includes('cifar') || text.includes('MNIST') || text.includes('mnist')) && text.includes('.backward(');
}

/**
 * Keyed by the entry facts of the same text, which entryFacts keeps for one analysis: the script is
 * scanned once per analysis (detect and extract both ask), and never answered from a cache that
 * outlived the code that filled it.
 */
const memo = new WeakMap<EntryFacts, SmallVisionFacts | null>();

/** The script's small-vision facts, or undefined when it trains on none of torchvision's small sets. */
export function smallVisionOf(text: string, facts: EntryFacts): SmallVisionFacts | undefined {
  if (!looksSmallVision(text)) return undefined;
  let f = memo.get(facts);
  if (f === undefined) {
    let scan;
    try {
      scan = scanPython(text);
    } catch {
      scan = undefined;
    }
    const read = scan ? readSmallVision(text, scan, facts.defaults) : undefined;
    f = read && (read.dataset || read.imageSide) ? read : null;
    memo.set(facts, f);
  }
  return f ?? undefined;
}

/** `--layers 28`, `--widen-factor=10` on the launch line, by flag name as entryScript keys them. */
function lineValues(words: readonly Word[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep || !w.text.startsWith('--')) continue;
    const eq = w.text.indexOf('=');
    const name = (eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).replace(/-/g, '_').toLowerCase();
    const next = words[i + 1];
    const value = eq >= 0 ? w.text.slice(eq + 1) : next && !next.sep && !next.text.startsWith('--') ? next.text : '';
    out.set(name, value);
  }
  return out;
}

/**
 * Adds the small-vision facts to a launch line's inputs (entryDefaults.ts). `take` is that reader's own
 * (one flag through the launch-line reader, noted "… in main.py line N"). Returns true when the script's
 * generic model (a torchvision builder read as its 224×224 row) must not be used.
 */
export function applySmallVision(sv: SmallVisionFacts, take: (flag: string, v: EntryValue) => void, inputs: RunInputs, scriptRange: SourceRange, file: string, notes: string[], words: readonly Word[] = []): boolean {
  const named = inputs.model?.value;
  const variant = typeof named === 'string' && sv.ownModels && sv.imageSide === 32 ? cifarVariant(named) : undefined;
  if (variant && named !== variant) {
    // `--arch resnet18` (on the line or as the default) in a script that builds its own CIFAR classes.
    inputs.model = { ...inputs.model!, value: variant, origin: 'inferred', note: `${inputs.model!.note ? `${inputs.model!.note}; ` : ''}${file} builds its own CIFAR networks (3×3 stem, no max-pool) and trains on 32×32 images: ${named} is ${variant}` };
    notes.push(`${named} in ${file} is the CIFAR network (${variant}), not the 224×224 ImageNet one.`);
  }
  // `WideResNet(args.layers, …, args.widen_factor)` sized by defaults the line changes: not that network.
  const line = lineValues(words);
  const overridden = sv.model?.flags?.find((f) => line.has(f) && Number(line.get(f)) !== sv.model!.flagValues?.[f]);
  if (sv.model && overridden && inputs.model === undefined) {
    notes.push(`${sv.model.what} is sized by --${overridden}, which the command line changes: no per-image figure for that shape.`);
    return true;
  }
  if (sv.model && inputs.model === undefined) take('model_name_or_path', { value: sv.model.id, start: sv.model.start, end: sv.model.end, what: `${sv.model.what}, ${sv.model.why}` });
  if (sv.dataset && inputs.datasetSamples === undefined) take('dataset', { value: sv.dataset.id, start: sv.dataset.start, end: sv.dataset.end, what: sv.dataset.what });
  if (sv.fp32 && inputs.precision === undefined && (sv.model || sv.dataset)) {
    inputs.precision = { value: 'fp32', origin: 'inferred', range: scriptRange, note: `${file} has no autocast, GradScaler or .half(): it trains in FP32` };
  }
  if (sv.unsized && inputs.model === undefined) {
    notes.push(`${sv.unsized}: Carbon Lens has no per-image figure for that network at that size, and does not use its 224×224 one.`);
    return true;
  }
  return false;
}
