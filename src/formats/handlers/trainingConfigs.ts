// Handlers for training-config formats (HF/TRL, accelerate, DeepSpeed, Axolotl, torchtune,
// LLaMA-Factory, Lightning, NeMo, Megatron, Ludwig). Filled in by the training-formats work.
import type { FormatHandler } from '../types';

export const trainingHandlers: FormatHandler[] = [];
