// Handlers for orchestration, sweep, serving and notebook formats (SkyPilot, Kubernetes, Ray, W&B,
// Optuna, vLLM, TGI, notebooks, Python scripts). Filled in by the orchestration-formats work.
import type { FormatHandler } from '../types';

export const orchestrationHandlers: FormatHandler[] = [];
