// The handler shape most training-config formats share: one run per file, read from the top-level
// map; detection, extraction, referenced files and edits all start from that map.
import type { RunSpec } from '../../core/runSpec';
import type { TMap } from '../tree';
import type { Change, FormatHandler, FormatId, FormatInput, Syntax, TextEditSpec } from '../types';
import { referencePaths } from './siblings';
import { rootMap, type Path } from './trainingShared';

export interface RootMapFormat {
  id: FormatId;
  syntaxes: readonly Syntax[];
  score(input: FormatInput, root: TMap | undefined): number;
  read(input: FormatInput, root: TMap): RunSpec;
  plan(input: FormatInput, change: Change): TextEditSpec[] | undefined;
  /** Keys whose values name other config files (e.g. `deepspeed`). */
  referenceKeys?: Path[];
}

export function rootMapHandler(f: RootMapFormat): FormatHandler {
  const handler: FormatHandler = {
    id: f.id,
    syntaxes: f.syntaxes,
    detect: (input) => f.score(input, rootMap(input)),
    extract(input) {
      const root = rootMap(input);
      return root ? [f.read(input, root)] : [];
    },
    planEdit: (input, _run, change) => f.plan(input, change),
  };
  const keys = f.referenceKeys;
  if (keys) handler.references = (input) => referencePaths(rootMap(input), keys);
  return handler;
}
