// Handlers for orchestration, sweep, serving and notebook formats. Serving engines come first: a
// Kubernetes Deployment or SkyPilot task that runs vLLM or TGI is reported as that engine.
import type { FormatHandler } from '../types';
import { kubernetesHandler } from './kubernetes';
import { notebookHandler } from './notebook';
import { pythonScriptHandler } from './pythonScript';
import { rayHandler } from './ray';
import { tgiHandler, vllmHandler } from './serving';
import { skypilotHandler } from './skypilot';
import { optunaHandler, wandbSweepHandler } from './sweeps';

export const orchestrationHandlers: FormatHandler[] = [
  vllmHandler,
  tgiHandler,
  skypilotHandler,
  kubernetesHandler,
  rayHandler,
  wandbSweepHandler,
  optunaHandler,
  notebookHandler,
  pythonScriptHandler,
];
