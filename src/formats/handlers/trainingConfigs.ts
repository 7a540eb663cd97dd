// Handlers for training-config formats (HF/TRL, accelerate, DeepSpeed, Axolotl, torchtune,
// LLaMA-Factory, Lightning, NeMo, Megatron, Ludwig) and for the outputs of finished runs.
// Order breaks ties (the analyser keeps the first of equal scores): the most specific formats come
// first and HF TrainingArguments, whose keys the others borrow, comes last.
import type { FormatHandler } from '../types';
import { measuredHandler } from './measured';
import { deepspeedHandler } from './deepspeed';
import { accelerateHandler } from './accelerate';
import { llamafactoryHandler } from './llamafactory';
import { axolotlHandler } from './axolotl';
import { ludwigHandler } from './ludwig';
import { torchtuneHandler } from './torchtune';
import { nemoHandler } from './nemo';
import { megatronHandler } from './megatron';
import { lightningHandler } from './lightning';
import { hfTrainingArgsHandler } from './hfTrainingArgs';
import { detectron2Handler } from './detectron2';
import { litgptHandler } from './litgpt';
import { nemoRunHandler } from './nemoRun';
import { mmdetectionHandler, ultralyticsHandler } from './visionPython';
import { kohyaPresetHandler, kohyaTomlHandler, simpleTunerHandler } from './diffusionConfigs';
import { torchtitanHandler } from './torchtitan';
import { olmoHandler } from './olmo';
import { nanogptHandler } from './nanogpt';

export const trainingHandlers: FormatHandler[] = [
  measuredHandler,
  deepspeedHandler,
  accelerateHandler,
  llamafactoryHandler,
  axolotlHandler,
  ludwigHandler,
  torchtuneHandler,
  nemoHandler,
  megatronHandler,
  lightningHandler,
  detectron2Handler,
  litgptHandler,
  ultralyticsHandler,
  nemoRunHandler,
  mmdetectionHandler,
  olmoHandler,
  nanogptHandler,
  simpleTunerHandler,
  kohyaPresetHandler,
  kohyaTomlHandler,
  torchtitanHandler,
  hfTrainingArgsHandler,
];
