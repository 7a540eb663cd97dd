// Training containers often take their model and length from the environment, not the command line:
// GKE's fine-tuning samples set `MODEL_NAME: google/gemma-2-9b-it` and `EPOCHS: "1"` in `env:` and the
// program reads them with os.environ. Names used that way by convention are read as inferred values
// (never as file-stated), on the env entry's line, only where nothing else in the file says the same.
import type { RunInputs } from '../../core/runSpec';
import { setIfAbsent } from '../fields';
import type { K8sObject } from './k8sObjects';
import type { Found } from './servingFacts';

const MODEL_VARS = new Set(['MODEL_NAME', 'MODEL_ID', 'BASE_MODEL', 'MODEL_NAME_OR_PATH', 'PRETRAINED_MODEL', 'HF_MODEL_ID', 'MODEL']);
const EPOCH_VARS = new Set(['EPOCHS', 'NUM_EPOCHS', 'NUM_TRAIN_EPOCHS', 'N_EPOCHS']);
const STEP_VARS = new Set(['MAX_STEPS', 'NUM_STEPS', 'TRAIN_STEPS']);
/** A Hub id (`owner/name`): a path (`/model-data/…`, `./out`) or a bare word is not a model this can look up. */
const HUB_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/;

function positive(raw: string): number | undefined {
  const n = Number(raw.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function applyEnvHints(obj: K8sObject, inputs: RunInputs, notes: string[]): void {
  const said: string[] = [];
  const note = (e: Found, container: string | undefined) => `env ${e.key} of container ${container ?? '(unnamed)'}: the program reads it from its environment`;
  for (const g of obj.groups) {
    for (const c of g.containers) {
      // `$MODEL` written in an argv list is not expanded by Kubernetes (only `$(MODEL)` is): the program
      // then gets that literal text for the flag, so the env value is not what it trains.
      const argv = [...c.command, ...c.args].map((w) => String(w.value)).join(' ');
      for (const e of c.env) {
        if (argv.includes(`$${e.key}`) || argv.includes(`\${${e.key}}`)) continue;
        const raw = e.raw.trim();
        if (MODEL_VARS.has(e.key) && HUB_ID.test(raw) && inputs.model === undefined) {
          setIfAbsent(inputs, 'model', { value: raw, origin: 'inferred', range: e.range, key: e.key, note: note(e, c.name) });
          said.push(e.key);
        } else if (EPOCH_VARS.has(e.key) && positive(raw) !== undefined && inputs.epochs === undefined && inputs.steps === undefined) {
          setIfAbsent(inputs, 'epochs', { value: positive(raw)!, origin: 'inferred', range: e.range, key: e.key, note: note(e, c.name) });
          said.push(e.key);
        } else if (STEP_VARS.has(e.key) && positive(raw) !== undefined && inputs.steps === undefined && inputs.epochs === undefined) {
          setIfAbsent(inputs, 'steps', { value: Math.round(positive(raw)!), origin: 'inferred', range: e.range, key: e.key, note: note(e, c.name) });
          said.push(e.key);
        }
      }
    }
  }
  if (said.length) notes.push(`Read from the containers' environment (${said.join(', ')}): names a training program conventionally reads; check the program does.`);
}
