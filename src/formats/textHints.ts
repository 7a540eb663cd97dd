// Hardware facts written outside any config key: launcher flags in shell strings, comments such as
// `# tested on 8xA100`, and cloud instance types. Filled in by the orchestration-formats work.
import type { Sourced } from '../core/runSpec';
import type { LineIndex } from './lineIndex';

export interface TextHints {
  count?: Sourced<number>;
  nodes?: Sourced<number>;
  hardware?: Sourced<string>;
  region?: Sourced<string>;
}

export function inferFromText(_text: string, _index: LineIndex): TextHints {
  return {};
}
