// Every regex that sees file text, driven with hostile text at 10^5 characters (audit 2026-12, M1).
//
// THE LIST. `src/formats`, `src/engine`, `src/core` and `src/webview/cleanText.ts` hold 259 regex
// literals (counted with the TypeScript scanner, as the first test below does again). They fall in two
// groups:
//
// 1. No repeated part (`*`, `+`, `{n,}`): each start position costs at most the pattern's length, so
//    they are linear whatever the text. By file:
//   formats/edits.ts: /'/g  /:\s|\s#/  /\r?\n/
//   formats/fields.ts: /\$[A-Z_]/i  /_/g  /^torch\./  /^(32|32-true|fp32|float32|float|full|no)$/  /^(tf32)$/  /^(16|16-mixed|16-true|fp16|float16|half|fp16-mixed|amp)$/  /^(bf16|bf16-mixed|bf16-true|bfloat16|pure_bf16|bf16_mixed)$/  /^(fp8|float8|e4m3|hybrid|transformer-engine|fp8-mixed)$/  /^(int8|8bit|8-bit)$/  /^(int4|4bit|4-bit|nf4|fp4)$/
//   formats/handlers/hardwareNames.ts: /[${}<>]/
//   formats/handlers/k8sObjects.ts: /ReplicaSpecs$/
//   formats/handlers/keyEdits.ts: /^(true|false|yes|no|on|off|null|~|y|n)$/i  /'/g  /\r\n|\r|\n/
//   formats/handlers/kubernetes.ts: /\bapiVersion\b/  /\bkind\b/  /\s/  /karpenter\.k8s\.aws|eks\.amazonaws\.com/  /accelerator|gpu/i  /[\\/]/  /^hf:\/\//
//   formats/handlers/lightning.ts: /^(lightning\.pytorch|pytorch_lightning|lightning)(\.trainer)?(\.trainer)?\.Trainer$/  /deepspeed|fsdp/i  /EarlyStopping/
//   formats/handlers/ludwig.ts: /batch_size|epochs/
//   formats/handlers/megatron.ts: /^--[a-z]/  /^GPT2BPETokenizer$/i  /[\\/]/  /_/g  /glu/i
//   formats/handlers/nemo.ts: /glu/i
//   formats/handlers/notebook.ts: /[^\n]/g
//   formats/handlers/pyEdits.ts: /^load_in_\dbit$/  /^(bf16|fp16|tf32)$/
//   formats/handlers/pyRuns.ts: /^(TrainingArguments|Seq2SeqTrainingArguments|SFTConfig|DPOConfig|GRPOConfig|ORPOConfig|KTOConfig|PPOConfig|RewardConfig|CPOConfig|UnslothTrainingArguments|ModelConfig)$/  /^(Trainer|Seq2SeqTrainer|SFTTrainer|DPOTrainer|GRPOTrainer|ORPOTrainer|KTOTrainer|PPOTrainer|RewardTrainer|CPOTrainer|UnslothTrainer)$/  /^(CustomJob|CustomTrainingJob|CustomContainerTrainingJob|CustomPythonPackageTrainingJob|from_local_script)$/  /^(HuggingFace|PyTorch|TensorFlow|Estimator|JumpStartEstimator)$/  /Tokenizer|Processor|Config|PeftModel|FeatureExtractor|Pipeline|SentenceTransformer/  /trainer/i  /tuner/i  /study/i  /gpu$/i  /^gpu$/i  /^[rRuU]?("""|'''|"|')/
//   formats/handlers/pythonScript.ts: /Trainer|TrainingArguments|Config\(|\.fit\(|\.optimize\(|\.submit\(|\.train\(|hyperparameter_search/
//   formats/handlers/ray.ts: /[\\/]/
//   formats/handlers/runDescription.ts: /[\\/]/
//   formats/handlers/serving.ts: /-/g  /[\\/]/  /^[/.]/  /dtype/i  /_/g
//   formats/handlers/servingFacts.ts: /(^|\/)vllm[/-]|vllm-openai|\/vllm:|^vllm:/  /\btext-generation-launcher\b|\/text-generation-inference\b/  /\$\{|\$\(|^\$|\{\{/  /(^|[-_./])fp8($|[-_./])/  /(^|[-_./])(awq|gptq)($|[-_./])|int4|4bit|-nf4|w4a16/  /int8|8bit|w8a8/
//   formats/handlers/siblings.ts: /\.ya?ml$/  /\.(json|ya?ml)$/i  /[\\/]/
//   formats/handlers/skypilot.ts: /\$/  /SKYPILOT_NUM_GPUS_PER_NODE/  /[\\/]/
//   formats/handlers/sweeps.ts: /\.(ya?ml|json)$/i  /[\\/]/  /optuna/i  /hydra\/sweeper$/
//   formats/handlers/torchtune.ts: /^torchtune\./  /single_device/i  /single_device/
//   formats/handlers/trainFlags.ts: /-/g  /^\$|\$\{|\$\(/  /^[./]/
//   formats/handlers/trainingShared.ts: /[\\/]/  /\.(ya?ml|jsonc?)$/i
//   formats/hydraSweep.ts: /hydra\/sweeper$/  /optuna/i
//   formats/index.ts: /"nbformat"/
//   formats/launcherFlags.ts: /\s/  /_/g  /[A-Za-z]/  /^-\d/
//   formats/measuredRecords.ts: /[\\/]/  /^\uFEFF/  /\r?\n/  /\.csv$/i
//   formats/notebookScan.ts: /[0-9a-fA-F]{4}/y
//   formats/pyCalls.ts: /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/  /f/i  /r/i  /[rRbBuUfF]/  /[eE]/  /^0[xX]/  /(^|[^{])\{(?!\{)/  /\{\{/g  /\}\}/g  /_/g
//   formats/textHints.ts: /torchrun|accelerate|deepspeed|tune run|vllm|text-generation-launcher|torch\.distributed/  /xlarge|metal|gpu-|standard-|Standard_N|NVIDIA_|nvidia-/  /region|zone|location/i  /\d\s?[xX×]|\d \*|[xX×]\s?\d|gpu|single|node/i  /\r?\n$/  /^(gpus?|nodes?|x|of|on|with|and|the|a|an)$/i  /^(nvidia|tesla|amd|google)$/i  /^nodes?$/i  /^(of|with|w|x|×)$/i  /^[xX×]$/  /^(an?|the)$/i  /^gpus?$/i  /^(gpu|device)$/i  /^gpus$/i  /\.$/  /(?:^|[^A-Za-z0-9_])(aws_default_region|aws_region|region_name|region|zone|location)(?![A-Za-z0-9_])/gi  /aws/i  /^\]?,?$/
//   engine/budgetFile.ts: /(^|\/)\.\.(\/|$)/  /\\/g  /\{/g  /\}/g
//   engine/budgetRules.ts: /\\/g  /^\.\//
//   engine/exports.ts: /\r?\n/g  /^\s/
//   engine/pairLifecycle.ts: /\\/g
//   engine/sweepTarget.ts: /[\\/]/
//   core/catalog.ts: /[^a-z0-9]/g  /^sxm\d?$/  /\bnvl\b|-nvl-/  /^(country|iso|grid)$/i  /\s/  /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\//i  /^hf:\/\//i  /^nd|^nc|^nv/i
//   core/estimate.ts: /upper bound|limit/i
//   core/timing/scheduleCommands.ts: /%/g  /'/g
//   webview/cleanText.ts: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
//
// 2. With a repeated part: the distinct literals in CLASSIFIED below, each with the case of this
//    file that drives it through its public function, or the reason file text never reaches it (a
//    what-if value the editor validated, settings, workspace paths). The first test fails when a
//    quantified literal is added to these folders without being placed here.
//
// How the attacks are built (recheck is not installed, so by hand): for each pattern, the characters
// its quantifiers can both take (digits for `\d+\.?\d*`, spaces for `\s*,?\s*`, `For` for
// `\w*For\w+`, `/` for `[\\/]+$`, `train` for `\S*train\S*\.py`, …), repeated to 10^5 characters
// and followed by a character that makes the match fail. fast-check (seed 1812) picks the unit, the
// mismatch and a prefix for each case; every call must take under 200 ms (best of 3, to absorb GC) for
// a direct call, or 1000 ms for a whole-file analysis, which also parses the YAML/JSON around it. Those
// targets are checked by `npm run bench` ("worst cases"), which runs this file; here each attack must
// run to the end (mocha's timeout catches a catastrophic backtrack, which takes minutes at 10^5).
// Two patterns the audit did not list were found quadratic this way and rewritten (kubernetes.ts
// `python3?\s+\S*train\S*\.py`, textHints.ts `\]\s*,?\s*$`).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import fc from 'fast-check';
import { analyzeText, syntaxOf } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { isUnknownValue, normalizePrecision, normalizeQuantBits, toBool, toNumber } from '../../src/formats/fields';
import { hydraSweepTrials, sweepChoices } from '../../src/formats/hydraSweep';
import { launchersIn } from '../../src/formats/launcherFlags';
import { LineIndex } from '../../src/formats/lineIndex';
import { recordCandidates } from '../../src/formats/measuredRecords';
import { OmegaResolver } from '../../src/formats/omegaconf';
import { scanPython, stringValue, tokenize } from '../../src/formats/pyCalls';
import { inferFromText } from '../../src/formats/textHints';
import { parseYamlDocs } from '../../src/formats/tree';
import { deviceName, providerOf, regionId } from '../../src/formats/handlers/hardwareNames';
import { timed } from '../support/worstCases';
import { tokenizerVocab } from '../../src/formats/handlers/megatron';
import { durationHours } from '../../src/formats/handlers/trainingShared';
import { findAccelerator, findInstance, findModel, findRegion, parseModelSize, pueFor } from '../../src/core/catalog';
import { parseSizeText } from '../../src/core/sizeParse';
import { parseBudgetFile, compilePattern, normalisePattern } from '../../src/engine/budgetFile';
import { cleanText } from '../../src/webview/cleanText';
import { mmName } from '../../src/formats/handlers/visionPython';
import { prose } from '../../src/core/present/text';
import { suggestionTitle } from '../../src/core/present/suggestionText';

const CLASSIFIED: Record<string, string> = {
  "src/formats/handlers/shell.ts /[$`*?{}]/": "linear: no repetition, a character class (the `*` is a literal inside it); on one cd argument",
  "src/formats/slurmCpu.ts /[&|,[\\]()*\\s_-]/": "linear: no repetition, a character class (the `*` is a literal inside it); splits a short partition/constraint value",
  "src/formats/slurmCpu.ts /^-+/": "linear: anchored, one run (the dashes of an sbatch option name)",
  "src/core/torchtuneConfigs.ts /^([a-z][a-z0-9_]{0,30})\\/(\\d{1,4}(?:[._]\\d{1,2})?B|mini|small|medium)_([a-z][a-z0-9_]{0,60})$/i": "linear: anchored at both ends, bounded runs ({0,30}, {0,60}) separated by `/` and `_`; the name is at most 120 characters before it is tested",
  "src/formats/handlers/k8sConfigMaps.ts /^\\|[-+]?\\s*(#.*)?$/": "linear: anchored at both ends, a fixed `|`, one optional character, one whitespace run then a comment run after `#`; on one YAML line's tail",
  "src/formats/handlers/k8sConfigMaps.ts /\\/+$/": "linear: one run anchored at the end; on a mountPath value",
  "src/formats/handlers/k8sConfigMaps.ts /\\s+/": "linear: one run (a split separator); on a container command word",
  "src/formats/tomlDoc.ts /^[ \\t]*\\[\\[?[ \\t]*([A-Za-z0-9_.-]{1,200})[ \\t]*\\]\\]?/": "linear: anchored at the line start, runs of at most 200 characters separated by brackets; lines over 4096 characters are not tested",
  "src/formats/tomlDoc.ts /^[ \\t]*([A-Za-z0-9_-]{1,200})[ \\t]*=[ \\t]*/": "linear: anchored at the line start, a key of at most 200 characters then `=`; lines over 4096 characters are not tested",
  "src/formats/entryScript.ts /^(resnet\\d+|resnext\\d+_\\w+|wide_resnet\\d+_\\d+|vit_[bhl]_\\d+|swin_v?\\d?_?[tsb]|convnext_(tiny|small|base|large)|efficientnet_(b\\d|v2_[sml])|mobilenet_v[23]\\w*|densenet\\d+|vgg\\d+(_bn)?|regnet_\\w+|alexnet|squeezenet\\d_\\d|shufflenet_v2_x\\d_\\d|googlenet|inception_v3|maxvit_t|fasterrcnn_\\w+|maskrcnn_\\w+|retinanet_\\w+|deeplabv3_\\w+)$/": "linear: anchored at the start, each alternative a fixed prefix then one run; tested on one identifier token",
  "src/formats/entryScript.ts /^-+/": "linear: anchored, one run",
  "src/formats/entryScript.ts /^[ \\t]+([A-Za-z_]\\w*)[ \\t]*:[^=\\n]*=[ \\t]*$/": "linear: run on at most 200 characters (the line before a `field(` call); the runs are separated by `:` and `=`",
  "src/formats/entryScript.ts /^(args|opt|opts|cfg|config|hparams|FLAGS)\\.\\w+$/": "linear: anchored, fixed prefix then one run",
  "src/formats/entryScript.ts /[$`*?{}]/": "linear: no repetition, a character class (the `*` is a literal inside it)",
  "src/formats/entryScript.ts /^_+/": "linear: anchored, one run (a Python name's leading underscores)",
  "src/formats/entryScript.ts /^(\\w*epoch\\w*|ep|ep_?i|ep_?idx)$/i": "linear: tested on a loop variable of at most 40 word characters (the capture below)",
  "src/formats/entryScript.ts /for[ \\t]+(\\w{1,40})[ \\t]+in[ \\t]+(?:tqdm\\()?$/": "linear: run on the 80 characters before a `range(` call; the runs are separated by fixed words",
  "src/formats/handlers/entryDefaults.ts /^\\d{1,9}$/": "linear: anchored, at most nine digits",
  "src/formats/handlers/shell.ts /^[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)*$/": "linear: module names of at most 200 characters are tested; each repetition starts at a `.`, so there is one way to match",
  "src/formats/handlers/k8sEnvHints.ts /^[A-Za-z0-9][\\w.-]{0,95}\\/[\\w.-]{1,96}$/": "linear: anchored at both ends, two bounded runs separated by the one `/`; on an env value",
  "src/formats/handlers/nemoRun.ts /^llm\\.(?:recipes\\.)?([a-z0-9_]+)\\.(pretrain|finetune)_recipe$/": "linear: anchored at the start, one run that stops at the first `.`",
  "src/formats/cliLaunchers.ts /^\\+{1,2}/": "linear: anchored, at most two characters",
  "src/formats/cliLaunchers.ts /^[a-z_][a-z0-9_.]*$/": "linear: anchored at both ends, one run",
  "src/formats/handlers/shell.ts /(?:^|\\s)python[\\d.]*\\s+\\S+\\.py\\b[^\\n]{0,2000}?\\s(?:trainer\\.)?max_(?:epochs|steps)=/": "shell",
  "src/formats/handlers/shell.ts /^\\+{0,2}(?:trainer\\.)?max_(?:epochs|steps)=/": "linear: anchored, bounded repetition",
  "src/formats/flagVars.ts /^\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?$/": "linear: anchored at both ends, one run of name characters",
  "src/formats/flagVars.ts /^\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)$/": "linear: anchored at both ends, one run of name characters",
  "src/formats/handlers/visionPython.ts /\\bYOLO\\(|\\bRTDETR\\(|_base_\\s*=|train_cfg\\s*=|train_dataloader\\s*=/": "visionPython",
  "src/formats/handlers/visionPython.ts /^\\w+$/": "visionPython",
  "src/formats/handlers/visionPython.ts /^\\d+$/": "visionPython",
  "src/formats/handlers/visionPython.ts /^(\\d{1,3})xb(\\d{1,4})(?:-(\\d{1,4})e)?/": "visionPython",
  "src/formats/handlers/visionPython.ts /^(\\d{1,4})e$/": "visionPython",
  "src/formats/handlers/visionPython.ts /^((?:faster|mask)[-_]rcnn|retinanet)_(r\\d{2,3}|x101-\\d{2}x\\d{1,2}d)(_fpn|-caffe-c4|-caffe-dc5)/": "visionPython",
  "src/formats/handlers/visionPython.ts /-\\d+px$/": "visionPython",
  "src/formats/handlers/detectron2.ts /^((?:mask|faster)_rcnn|retinanet)_((?:R|X)_\\d{2,3}(?:_\\d{1,2}x\\d{1,2}d)?)_(FPN|C4|DC5)/i": "linear: anchored at the start, bounded repetition, on a file name",
  "src/formats/handlers/detectron2.ts /[A-Za-z0-9_]+/": "linear: the first match is taken and a run only grows, so one pass",
  "src/formats/cliLaunchers.ts /^-+/": "linear: anchored at the start of one flag word",
  "src/formats/cliLaunchers.ts /^\\d+$/": "linear: anchored at both ends of one value",
  "src/core/sampleCatalog.ts /\\.[a-z0-9_]+$/i": "linear: a run starts only at a `.` and stops at the next one, on a name capped at 300 characters",
  "src/formats/handlers/shell.ts /(?:^|[\\s;&|=(/])(?:torchrun|deepspeed|accelerate\\s+launch|tune\\s+run|llamafactory-cli\\s+train|axolotl\\s+train|litgpt\\s+(?:finetune\\w*|pretrain)|sky\\s+(?:jobs\\s+)?launch|yolo\\s+(?:(?:detect|segment|classify|pose|obb)\\s+)?train|vllm\\s+serve|text-generation-launcher|python[\\d.]*\\s+-m\\s+(?:torch\\.distributed\\.(?:run|launch)|axolotl\\.cli\\.train|vllm\\.entrypoints|llamafactory|llama_(?:recipes|cookbook)\\.finetuning)|vllm\\/vllm-openai|text-generation-inference|train_gpt2(?:cu|fp32cu)?)\\b/m": "shell",
  "src/formats/handlers/shell.ts /(?:^|[\\s;&|(])sbatch[ \\t][\\s\\S]{0,2000}?--(?:gres|gpus(?:-per-node)?)[=\\s]/m": "shell",
  "src/formats/handlers/shell.ts /(?:^|[\\s;&|(])srun[ \\t][\\s\\S]{0,2000}?--(?:gres|gpus(?:-per-(?:node|task))?)[=\\s]/m": "shell",
  "src/formats/handlers/shell.ts /^-[bBdEiIOqsSuv]{1,4}$/": "linear: anchored at both ends, at most 4 characters after the dash; tested on one word",
  "src/formats/handlers/trainFlags.ts /[\\\\/]+$/": "shell",
  "src/formats/handlers/trainFlags.ts /^(checkpoint|ckpt|step|global_step|epoch)[-_]?\\d*$/i": "shell",
  "src/formats/llmcFlags.ts /^-[a-z]{1,2}$/": "shell",
  "src/formats/sbatch.ts /%\\d+$/": "shell",
  "src/formats/handlers/shell.ts /^--?[\\w-]+$/": "linear: anchored, one repeated class, words of at most 100 characters",
  "src/formats/sbatch.ts /^(\\d{1,9})(?:-(\\d{1,9})(?::(\\d{1,9}))?)?$/": "shell",
  "src/formats/llmcFlags.ts /^-?\\d+$/": "shell",
  "src/formats/llmcFlags.ts /gpt2_(\\d+M)(?:_bf16)?\\.bin$/i": "shell",
  "src/formats/handlers/shell.ts /(?:^|\\s)python[\\d.]*\\s+\\S+\\.py\\b[\\s\\S]{0,2000}?--(?:model_name_or_path|num_train_epochs|max_steps|per_device_train_batch_size|num_epochs|n_epochs|max_epochs)\\b/": "shell",
  "src/formats/handlers/shell.ts /^[ \\t]*#SBATCH\\b/m": "shell",
  "src/formats/handlers/shell.ts /^python[\\d.]*$/": "shell",
  "src/formats/handlers/shell.ts /^[A-Za-z_][A-Za-z0-9_]*=/": "shell",
  "src/formats/handlers/shell.ts /^-+/": "shell",
  "src/formats/handlers/shell.ts /[&|,[\\]()*\\s]+/": "shell",
  "src/formats/handlers/shell.ts /[&|,[\\]()*\\s_-]+/": "shell",
  "src/formats/handlers/shell.ts /^\\d+$/": "shell",
  "src/formats/handlers/shell.ts /^(\\d+|GPU-[\\w-]+|MIG-[\\w/-]+)$/": "shell",
  "src/formats/handlers/shell.ts /[$`*?]/": "shell",
  "src/formats/handlers/shell.ts /^[a-z_][a-z0-9_.]*=/i": "shell",
  "src/formats/index.ts /^#![^\\n]*\\b(ba|z|da)?sh\\b/": "shell",
  "src/formats/launcherFlags.ts /[^ \\t\\r\\n;&|\\\\\"']+/y": "shell",
  "src/formats/sbatch.ts /^[ \\t]*#SBATCH\\b/gm": "shell",
  "src/formats/sbatch.ts /^(\\d+)-(\\d+)(?::(\\d+)(?::(\\d+))?)?$/": "shell",
  "src/formats/sbatch.ts /^(\\d+):(\\d+):(\\d+)$/": "shell",
  "src/formats/sbatch.ts /^(\\d+):(\\d+)$/": "shell",
  "src/formats/sbatch.ts /^(\\d+)$/": "shell",
  "src/formats/sbatch.ts /^\\d+$/": "shell",
  "src/formats/sbatch.ts /^(\\d+)(?:-(\\d+))?$/": "shell",
  "src/formats/shellVars.ts /^([A-Za-z_][A-Za-z0-9_]*)=/": "shell",
  "src/formats/shellVars.ts /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([\\s\\S]*))?$/": "shell",
  "src/formats/shellVars.ts /^[A-Za-z_][A-Za-z0-9_]*/": "shell",
  "src/formats/shellSkim.ts /^[A-Za-z_][A-Za-z0-9_]*=/": "shell",
  "src/formats/shellSkim.ts /\\$\\{[A-Za-z_][A-Za-z0-9_]{0,127}(?::?=|:?-[^}$]{0,4096}\\$)/": "shell",
  "src/formats/handlers/shell.ts /\\s+/g": "not file text: catalogue names of the accelerator a what-if proposes (Slurm GRES type)",
  "src/formats/handlers/shell.ts /^[a-z0-9][a-z0-9._-]*$/": "not file text: catalogue names of the accelerator a what-if proposes (Slurm GRES type)",
  "src/engine/budgetRaise.ts /^[\\w./-]+$/": "not file text: a config's file name (bounded by the path length)",
  "src/engine/budgetRaise.ts /^budgets:\\s*(#.*)?$/": "linear: anchored, one line of .carbonlens.yml (≤ 256 KB by the budget reader)",
  "src/engine/budgetRaise.ts /^\\s*#/": "linear: anchored, one character class then a literal",
  "src/engine/budgetRaise.ts /^(\\s*)- /": "linear: anchored, one character class then a literal",
  "src/engine/hardwareTableText.ts /^[=+\\-@]/": "linear: one anchored character class, no repetition (CSV formula guard on table cells)",
  "src/engine/hardwareTableText.ts /[|\\\\`*_<>[\\]]/g": "linear: one character class, no repetition (accelerator names)",
  "src/engine/diffRevisions.ts /\\/+$/": "not file text: a repository path from git or the command line",
  "src/engine/gitRevisions.ts /\\/+$/": "not file text: a repository path from git or the command line",
  "src/engine/exports.ts /[\\r\\n\\u2028\\u2029\\u0085]+/g": "linear: one character class, no overlap (Markdown cells of run names and notes)",
  "src/engine/exports.ts /\\b([a-z][a-z0-9+.-]{0,31}):(?=\\/\\/|\\\\)/gi": "linear: the repeat is bounded to 31 characters per start",
  "src/engine/exports.ts /([a-z0-9-])\\.([a-z]{2,63})(?=[/:?#])/gi": "linear: the repeat is bounded to 63 characters per start",
  "src/engine/modelCard.ts /^---\\r?\\n([\\s\\S]*?)\\r?\\n(?:---|\\.\\.\\.)[ \\t]*(?:\\r?\\n|$)/": "linear: anchored at the start of the README (no m flag), one lazy scan",
  "src/engine/modelCard.ts /^co2_eq_emissions\\s*:/m": "linear: tried only at lines that start with the literal key",
  "src/engine/referencePolicy.ts /^[a-z][a-z0-9+.-]*:/i": "linear: anchored, one class, on references capped by MAX_REFERENCE_CHARS",
  "src/engine/referencePolicy.ts /[\\\\/]+/": "linear: one character class (a split)",
  "src/engine/sarif.ts /[-+]?(?:\\d[\\d_]*(?:\\.\\d*)?|\\.\\d+)(?:e[-+]?\\d+)?/gi": "linear: no overlapping repeats; on warning text whose quoted values are clipped (quoted.ts)",
  "src/engine/sarif.ts /^Implausible (\\w+) (\\S+) \\(line (\\d+)\\)/": "linear: anchored, each repeat ends at a literal it cannot match",
  "src/core/regionChoice.ts /^\"(.*)\"$/": "not file text: region labels from the sourced tables",
  "src/core/regionChoice.ts /\\s*\\((.*)\\)$/": "not file text: region labels from the sourced tables",
  "src/core/regionChoice.ts /\\s*\\(.*\\)$/": "not file text: region labels from the sourced tables",
  "src/core/suggestions.ts /\\s*\\(.*\\)$/": "not file text: suggestion titles written by Carbon Lens from catalogue names",
  "src/core/present/suggestionText.ts /\\s*\\([−+-]?\\d+(?:\\.\\d+)?% CO₂e\\)$/": "presentText",
  "src/core/present/text.ts /`([^`\\n]{1,200})`/g": "presentText",
  "src/core/present/text.ts /\\b(\\d{1,6}\\.\\d{3,12})(?= g\\b)/g": "presentText",
  "src/formats/edits.ts /^[\\w./@+-][\\w ./@+:-]*$/": "not file text: a what-if value, validated to 200 characters",
  "src/formats/fields.ts /^[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[-+]?\\d+)?$/i": "fields",
  "src/formats/fields.ts /^(4|int4|nf4|fp4|bnb\\.nf4|bnb\\.fp4|bitsandbytes-nf4|bitsandbytes-fp4|gptq|awq|marlin|gptq_marlin|awq_marlin|4bit|q4.*)$/": "fields",
  "src/formats/fields.ts /^(8|int8|fp8|bnb\\.int8|bitsandbytes|bitsandbytes-int8|eetq|8bit|w8a8|q8.*|fbgemm_fp8|compressed-tensors)$/": "fields",
  "src/formats/handlers/accelerate.ts /^aws:(.+)$/": "not file text: a what-if value (`aws:<region>`) the editor validated",
  "src/formats/handlers/hardwareNames.ts /^[a-z]{2}(-gov)?-[a-z]+-\\d+[a-z]?$/": "hardwareNames",
  "src/formats/handlers/hardwareNames.ts /^[a-z]+-[a-z]+\\d+(-[a-z])?$/": "hardwareNames",
  "src/formats/handlers/hardwareNames.ts /^[a-z]+\\d?$/": "hardwareNames",
  "src/formats/handlers/keyEdits.ts /^[A-Za-z_./@+-][\\w./@+-]*$/": "not file text: a what-if value, validated to 200 characters",
  "src/formats/handlers/keyEdits.ts /^[-+]?(\\d|\\.\\d)/": "not file text: a what-if value, validated to 200 characters",
  "src/formats/handlers/keyEdits.ts /^\\s*(#.*)?$/": "keyEdits",
  "src/formats/handlers/kubernetes.ts /\\b(torchrun|deepspeed|accelerate\\s+launch|trl\\s+(sft|dpo|grpo)|tune\\s+run|llamafactory-cli|axolotl|torch\\.distributed)/": "kubernetes",
  "src/formats/handlers/kubernetes.ts /\\bpython3?\\s+/g": "kubernetes",
  "src/formats/handlers/kubernetes.ts /^-+/": "kubernetes",
  "src/formats/handlers/lightning.ts /^\\s*#\\s*(lightning\\.pytorch|pytorch_lightning|lightning)==\\d/": "lightning",
  "src/formats/handlers/notebook.ts /^%%(bash|sh|script|html|javascript|js|latex|markdown|perl|ruby|svg|writefile\\s+\\S+\\.(?!py\\b)\\S+)/": "notebook",
  "src/formats/handlers/notebook.ts /^([ \\t]*)([!%][^\\n]*)/gm": "notebook",
  "src/formats/handlers/pyRuns.ts /^\\w+$/": "pyRuns",
  "src/formats/handlers/servingFacts.ts /\\bvllm\\s+serve\\b|\\bvllm\\.entrypoints\\b|\\bvllm\\/vllm-openai\\b/": "servingFacts",
  "src/formats/handlers/servingFacts.ts /^-+/": "servingFacts",
  "src/formats/handlers/skypilot.ts /^(resources|service)\\s*:/m": "skypilot",
  "src/formats/handlers/skypilot.ts /\\$\\{(\\w+)\\}|\\$(\\w+)/g": "skypilot",
  "src/formats/handlers/skypilot.ts /^\\$\\{?\\w+\\}?$/": "skypilot",
  "src/formats/handlers/sweeps.ts /^[^${}\\s]+\\.(ya?ml|json|py)$/i": "sweeps",
  "src/formats/handlers/sweeps.ts /^(--?[\\w-]+)=(.+)$/": "sweeps",
  "src/formats/handlers/torchtune.ts /^(q?lora)_(.+)$/": "torchtune",
  "src/formats/handlers/torchtune.ts /\\.q?lora_([^.]+)$/": "torchtune",
  "src/formats/handlers/trainFlags.ts /^-+/": "launcherFlags",
  "src/formats/handlers/trainingShared.ts /^(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?$/": "durationHours",
  "src/formats/handlers/trainingShared.ts /^(\\d+):(\\d+):(\\d+):(\\d+)$/": "durationHours",
  "src/formats/handlers/trainingShared.ts /^(\\d+):(\\d+):(\\d+)$/": "durationHours",
  "src/formats/handlers/trainingShared.ts /^(\\d+):(\\d+)$/": "durationHours",
  "src/formats/hydraSweep.ts /^(\\w+)\\((.*)\\)$/s": "hydraSweep",
  "src/formats/hydraSweep.ts /^\\w+=/": "hydraSweep",
  "src/formats/index.ts /\"cells\"\\s*:/": "syntaxOf",
  "src/formats/launcherFlags.ts /^[!%]+/": "launcherFlags",
  "src/formats/launcherFlags.ts /^python[\\d.]*$/": "launcherFlags",
  "src/formats/launcherFlags.ts /^-+/": "launcherFlags",
  "src/formats/launcherFlags.ts /^(\\d+)(?::\\d+)?$/": "launcherFlags",
  "src/formats/measuredRecords.ts /^[ \\t]*[\"']?output_dir[\"']?\\s*[:=]\\s*[\"']?([^\"'\\s,#}]+)/m": "measuredRecords",
  "src/formats/notebookScan.ts /[^\"\\\\\\x00-\\x1f[\\]{}]*/y": "notebook",
  "src/formats/notebookScan.ts /-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y": "notebook",
  "src/formats/omegaconf.ts /^[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[-+]?\\d+)?$/i": "omegaconf",
  "src/formats/omegaconf.ts /^[A-Za-z_][\\w.]*$/": "omegaconf",
  "src/formats/omegaconf.ts /^\\.*[\\w-]+(\\.[\\w-]+)*$/": "omegaconf",
  "src/formats/pyCalls.ts /^([rRbBuUfF]{0,2})(['\"])/": "pyCalls",
  "src/formats/pyCalls.ts /^0x[0-9a-f]+$/": "pyCalls",
  "src/formats/pyCalls.ts /^0o[0-7]+$/": "pyCalls",
  "src/formats/pyCalls.ts /^0b[01]+$/": "pyCalls",
  "src/formats/pyCalls.ts /^(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[-+]?\\d+)?$/": "pyCalls",
  "src/formats/textHints.ts /[^A-Za-z0-9_.\u00d7:-]+/": "textHints",
  "src/formats/textHints.ts /^\\d{2,3}\\s?gb$/i": "textHints",
  "src/formats/textHints.ts /^[A-Za-z][A-Za-z0-9-]{1,24}$/": "textHints",
  "src/formats/textHints.ts /^\\d{1,4}$/": "textHints",
  "src/formats/textHints.ts /^[A-Za-z0-9-]{2,24}$/": "textHints",
  "src/formats/textHints.ts /^(\\d{1,4})[xX\u00d7]([A-Za-z][A-Za-z0-9-]*)$/": "textHints",
  "src/formats/textHints.ts /^(\\d{1,4})[xX\u00d7]$/": "textHints",
  "src/formats/textHints.ts /^([A-Za-z][A-Za-z0-9-]*?)[xX\u00d7:](\\d{1,4})$/": "textHints",
  "src/formats/textHints.ts /^(ml\\.)?[a-z][a-z0-9]*(-[a-z0-9]+)?\\.(\\d*x?large|metal)$/": "textHints",
  "src/formats/textHints.ts /^[a-z]\\d[a-z]?-(highgpu|megagpu|ultragpu|edgegpu|maxgpu|standard)-\\d+g?(-nolssd)?$/": "textHints",
  "src/formats/textHints.ts /^Standard_N[A-Za-z0-9_]+$/": "textHints",
  "src/formats/textHints.ts /^NVIDIA_[A-Z0-9_]+$/": "textHints",
  "src/formats/textHints.ts /^nvidia-[a-z0-9-]+$/": "textHints",
  "src/formats/textHints.ts /[^A-Za-z0-9_.-]+/": "textHints",
  "src/formats/textHints.ts /^[\"']?\\s*[:=]?\\s*[\"']?([A-Za-z][A-Za-z0-9-]{1,40})/": "textHints",
  "src/formats/textHints.ts /^\\s*(#+|\\/\\/)\\s?/": "textHints",
  "src/engine/budgetFile.ts /[*?{},]/g": "budget",
  "src/engine/budgetRules.ts /\\/{2,}/g": "budget",
  "src/engine/exports.ts /^co2_eq_emissions\\s*:/": "not file text: lines of the model-card block this extension writes",
  "src/engine/exports.ts /[\\\\`*_[\\]<>|#~]/g": "linear: a single-character class, no quantifier per start",
  "src/engine/pairLifecycle.ts /\\/?[^/]*$/": "not file text: workspace paths (file names, at most 255 characters a segment)",
  "src/core/catalog.ts /^\\s*\\d+\\s*[x\u00d7*]\\s*(?=[a-z])/i": "catalog",
  "src/core/catalog.ts /\\s*(?:[:\u00d7*]|\\s+x)\\s*\\d+\\s*$/i": "catalog",
  "src/core/catalog.ts /^(\\d+)(?:gb|g)$/": "catalog",
  "src/core/catalog.ts /^\\d+$/": "catalog",
  "src/core/catalog.ts /[^a-z0-9]+/": "catalog",
  "src/core/catalog.ts /^([a-z]+-[a-z]+\\d+)-[a-z]$/": "catalog",
  "src/core/catalog.ts /^([a-z]{2}(?:-gov)?-[a-z]+-\\d+)[a-z]$/": "catalog",
  "src/core/catalog.ts /[-_.](?:gguf|ggml|awq|gptq(?:[-_]int[48])?|exl2|mlx(?:[-_]\\d+bit)?|bnb[-_]4bit|[48]bit|int[48]|fp8(?:[-_]dynamic)?|fp16|bf16|q[2-8](?:_k)?(?:_[sml])?|q[2-8]_0)$/i": "catalog",
  "src/core/catalog.ts /\\/+$/": "catalog",
  "src/core/catalog.ts /\\/(?:tree|blob|resolve)\\/.*$/i": "catalog",
  "src/core/catalog.ts /(?:^|[^a-z0-9])([a-z][a-z0-9]*)[-_ ]?(\\d{1,3}x\\d+(?:\\.\\d+)?[bm])(?![a-z0-9])/": "catalog",
  "src/core/sizeParse.ts /(?:^|[^a-z0-9.])(\\d{1,3})x(\\d+(?:\\.\\d+)?)([bm])(?![a-z0-9])/": "sizeParse",
  "src/core/sizeParse.ts /(?:^|[^a-z0-9.])a(\\d+(?:\\.\\d+)?)([bm])(?![a-z0-9])/": "sizeParse",
  "src/core/sizeParse.ts /(?:^|[^a-z0-9.])(\\d+(?:\\.\\d+)?)([bm])(?![a-z0-9])/": "sizeParse",
  "src/core/sizeParse.ts /(?:^|[^a-z0-9.])(\\d+(?:\\.\\d+)?)\\s*(billion|million)(?![a-z])/": "sizeParse",
  "src/core/sizeParse.ts /^\\d+(?:\\.\\d+)?(?:e\\d{1,2})?$/": "sizeParse",
  "src/core/timing/providers.ts /\\s+/": "not file text: settings and provider API answers",
  "src/core/timing/providers.ts /^[A-Z]{1,2}[0-9][A-Z0-9]?$/": "not file text: settings and provider API answers",
  "src/core/timing/providers.ts /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/": "not file text: settings and provider API answers",
  "src/core/timing/providers.ts /\\/+$/": "not file text: settings and provider API answers",
  "src/core/timing/providers.ts /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$/": "not file text: settings and provider API answers",
  "src/core/timing/providers.ts /([+-]\\d{2})(\\d{2})$/": "not file text: settings and provider API answers",
  "src/core/timing/scheduleCommands.ts /[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+/g": "not file text: settings and provider API answers",
  "src/core/timing/scheduleCommands.ts /^sbatch\\s+/": "not file text: settings and provider API answers",
  "src/core/timing/scheduleCommands.ts /^[\\w./=:@,+\\- ]+$/": "not file text: settings and provider API answers",
  "src/webview/cleanText.ts /\\s*[\\r\\n]+\\s*/g": "cleanText",
};

const N = 100_000;
const DIRECT_MS = 200;
const FILE_MS = 1000;
const ROOT = path.resolve(__dirname, '../..');

interface Case {
  /** Per-call bound: a direct call, or a whole-file analysis. */
  ms: number;
  /** Units the quantifiers overlap on, each repeated to N characters. */
  units: string[];
  /** What follows the run and makes the match fail (or succeed late). */
  tails: string[];
  /** Drives the public function(s) with the hostile string. */
  run: (s: string) => unknown;
}

const yamlString = (s: string) => JSON.stringify(s); // a double-quoted YAML scalar holds any text
const notebook = (source: string) => JSON.stringify({ cells: [{ cell_type: 'code', source: [source], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
const axolotl = 'base_model: meta-llama/Llama-3.1-8B\nmicro_batch_size: 2\nnum_epochs: 1\n';

const CASES: Record<string, Case> = {
  fields: {
    ms: DIRECT_MS, units: ['0', '0.', ' ', '${', '$', '_', '1e', 'q4', 'bnb.', '0_'], tails: ['x', '}', '.', 'e', ''],
    run: (s) => [toNumber(s), isUnknownValue(s), normalizePrecision(s), normalizeQuantBits(s), toBool(s)],
  },
  omegaconf: {
    ms: DIRECT_MS, units: ['a.', '.', 'a', '0', ',', '${a}', '{'], tails: ['x', '}', ':', ''],
    run: (s) => {
      const omega = new OmegaResolver(parseYamlDocs('a: 1\nb: 2\n')[0].root);
      return [omega.resolve(['x'], `\${${s}}`), omega.resolve(['x'], `\${multiply:${s}, 2}`), omega.resolve(['x'], `\${.${s}}`)];
    },
  },
  pyCalls: {
    ms: DIRECT_MS, units: ['0', '0.', '1e', 'f(', '(', '[', '"', "f'{", 'rb', 'a.', '0x', '_0', '{{'], tails: ['x', '.0.0', ')', '"', ''],
    run: (s) => [scanPython(`x = ${s}\nTrainingArguments(a=${s})\n`), stringValue(`f"${s}"`), tokenize(`'${s}`).length],
  },
  pyRuns: {
    ms: FILE_MS, units: ['For', 'Auto', 'Model', 'a', 'LM', '_'], tails: ['é', '', '('],
    run: (s) => analyzeText(`from transformers import TrainingArguments\nmodel = ${s}.from_pretrained("m")\nargs = TrainingArguments(num_train_epochs=1, hyperparameters={"${s.slice(0, 1000)}": 1})\n`, 'train.py'),
  },
  megatron: {
    ms: DIRECT_MS, units: ['0', '0k', 'k', '0k.', '0K-'], tails: ['x', '/', '', 'k'],
    run: (s) => [tokenizerVocab('x', s), tokenizerVocab(s, `tok/${s}`)],
  },
  measuredRecords: {
    ms: DIRECT_MS, units: ['/', '\\\\', './', ' ', 'a', '\n'], tails: ['x', '#', ''],
    run: (s) => [recordCandidates(`output_dir: a${s}`), recordCandidates(`output_dir${s}: x`), recordCandidates(`${s}output_dir: ./${s}`)],
  },
  visionPython: {
    // Ultralytics scripts and OpenMMLab configs (handlers/visionPython.ts): the attack sits in the
    // trigger words' spacing, a call's arguments and the config file name.
    ms: FILE_MS, units: [' ', '_base_', 'YOLO(', 'train_cfg', '8xb', '1', '-1', 'e', '_', 'r50'], tails: ['x', '', '=', '(', 'px'],
    run: (s) => {
      analyzeText(`_base_ ${s}=1\ntrain_cfg = dict(max_epochs=${s})\nm = YOLO(${s})\nm.train(device=${s})\n`, 'x.py');
      return [mmName(s), mmName(`faster-rcnn_${s}`), mmName(`a_${s}xb${s}-${s}e_${s}-${s}px`)];
    },
  },
  shell: {
    // Launch scripts (handlers/shell.ts, sbatch.ts, shellVars.ts, the shared tokenizer): the attack sits
    // in a #SBATCH value, a launcher line's arguments and a variable's value, in a .sh and a .slurm file.
    ms: FILE_MS, units: [' ', 'python ', 'x.py ', '--', '-', '$', '${', 'A=', ':', '0', '0-', 'gpu:', '\\\n', ';', '&', 'GPU-', ',', '_', '/', 'd1', 'gpt2_1', '-a ', 'sbatch ', '--wrap=', '"', "'", '#', 'e"val ', '${A:-'], tails: ['x', '', '}', '=', ':', 'M.bin'],
    run: (s) => {
      analyzeText(`#!/bin/bash\n#SBATCH --gres=gpu:${s}\n#SBATCH --time=${s}\nV=${s}\nCUDA_VISIBLE_DEVICES=${s}\ntorchrun --nproc_per_node 8 train.py ${s} --num_train_epochs $V\n`, 'job.slurm');
      analyzeText(`python ${s}train.py ${s} trainer.max_epochs=${s}\n`, 'hydra.sh');
      // llm.c flags (one-letter, -e model file), a bash -c inline script, a local model folder.
      analyzeText(`#!/bin/bash\n#SBATCH --array=${s}\n#SBATCH --ntasks=${s}\n#SBATCH --ntasks-per-node=8\nsrun bash -c "./train_gpt2cu -e ${s} -i ${s} -x ${s} -${s}"\nmpirun -np ${s} ./train_gpt2cu -e gpt2_${s}.bin\n`, 'llmc.sbatch');
      analyzeText(`torchrun train.py --model_name_or_path /data/${s}/ --model_name_or_path ./checkpoint-${s}\n`, 'local.sh');
      // A job submitted from the command line: its options and its --wrap script.
      analyzeText(`sbatch ${s} --gres=gpu:${s} --time=${s} --wrap="python ${s}train.py --epochs ${s}"\neval "${s}"\n`, 'submit.sh');
      // After the estimated launch the rest is skimmed (shellSkim.ts): quotes, escapes, comments, variables.
      analyzeText(`torchrun --nproc_per_node 8 train.py\nA=${s}\nsrun ${s} torchrun x\necho "${s}" '${s}' #${s}\n${s}\n`, 'sweep.sh');
      return analyzeText(`#!/bin/sh\npython ${s}train.py --model_name_or_path ${s}\ndeepspeed ${s}\n`, 'run.sh');
    },
  },
  kubernetes: {
    ms: FILE_MS, units: ['train', 'python ', 'accelerate ', 'trl ', ' ', 'python3 x', 'tune '], tails: ['x', '', '.p'],
    run: (s) => analyzeText(`apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: pytorch/pytorch\n          command: ["bash", "-c", ${yamlString(`python ${s}`)}]\n          resources:\n            limits:\n              nvidia.com/gpu: 8\n`, 'job.yaml'),
  },
  textHints: {
    ms: DIRECT_MS, units: [' ', '8x', 'x8', 'region ', ']', ' ,', '#', '//', 'a-', 'gpu ', 'ml.a', 'Standard_N'], tails: ['x', '\n', '', ']'],
    run: (s) => {
      const texts = [s, `"outputs": [] ${s}`, `# region${s}`, `# ${s}`, `# 8x${s}`];
      return texts.map((t) => inferFromText(t, new LineIndex(t)));
    },
  },
  durationHours: {
    ms: DIRECT_MS, units: ['0', '0:', '0-', ':', '-'], tails: ['x', '', ':'],
    run: (s) => durationHours({ kind: 'scalar', value: s, range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 } }),
  },
  hydraSweep: {
    ms: FILE_MS, units: ['a', ',', '(', ')', 'a=', ' '], tails: ['x', ')', ''],
    run: (s) => [sweepChoices(`choice(${s}`), sweepChoices(`range(${s})`), hydraSweepTrials(parseYamlDocs(`hydra:\n  sweeper:\n    params:\n      x: ${yamlString(`choice(${s}`)}\n`)[0].root)],
  },
  sweeps: {
    ms: FILE_MS, units: ['a', '-', '=', 'a.', '.yaml', ' '], tails: ['x', '.yaml', '=', ''],
    run: (s) => analyzeText(`program: train.py\nmethod: grid\ncommand: ["python", "train.py", ${yamlString(`--${s}`)}, ${yamlString(`${s}.yaml`)}]\nparameters:\n  lr:\n    values: [1, 2]\n`, 'sweep.yaml'),
  },
  torchtune: {
    ms: FILE_MS, units: ['lora_', 'qlora_', '.', 'a', '.lora_'], tails: ['x', '.', ''],
    run: (s) => analyzeText(`model:\n  _component_: ${yamlString(`torchtune.models.llama3_1.${s}`)}\nbatch_size: 2\nepochs: 1\ntokenizer:\n  _component_: torchtune.models.llama3.llama3_tokenizer\n`, 'lora_single_device.yaml'),
  },
  notebook: {
    ms: FILE_MS, units: ['a.', '.py', ' ', '\t', '0', '"', '\\\\', '-1.5e', '[', '{'], tails: ['x', '.py', '', '\n'],
    run: (s) => [analyzeText(notebook(`%%writefile ${s}`), 'n.ipynb'), analyzeText(notebook(`!${s}\nfrom transformers import TrainingArguments\nTrainingArguments(num_train_epochs=1)`), 'n.ipynb'), analyzeText(`{"cells": [], "metadata": {"x": ${JSON.stringify(s)}, "n": ${s.replace(/[^0-9.eE-]/g, '') || 0}}, "nbformat": 4}`, 'n.ipynb')],
  },
  launcherFlags: {
    ms: DIRECT_MS, units: ['-', '!', '%', 'python3.', '0:', 'torchrun --nproc_per_node ', '--a ', '$'], tails: ['x', '', '='],
    run: (s) => [launchersIn(s), launchersIn(`torchrun --nproc_per_node ${s}`), launchersIn(`python${s}`)],
  },
  skypilot: {
    ms: FILE_MS, units: ['$', '${', '$a', 'a', '{'], tails: ['x', '}', ''],
    run: (s) => analyzeText(`resources:\n  accelerators: A100:8\nenvs:\n  X: ${yamlString(s)}\nrun: |\n  python train.py ${s}\n`, 'sky.yaml'),
  },
  servingFacts: {
    ms: FILE_MS, units: ['vllm ', ' ', '-', 'fp8-', '--tensor-parallel-size '], tails: ['x', ''],
    run: (s) => analyzeText(`services:\n  a:\n    image: vllm/vllm-openai:latest\n    command: ${yamlString(`vllm serve m ${s}`)}\n    environment:\n      QUANTIZE: ${yamlString(s)}\n`, 'docker-compose.yaml'),
  },
  hardwareNames: {
    ms: DIRECT_MS, units: ['a', 'a-', '0', 'us-east-', '-gov'], tails: ['-', '!', '', 'a'],
    run: (s) => [regionId(s, 'aws'), regionId(s), providerOf(s), deviceName(s)],
  },
  catalog: {
    ms: DIRECT_MS, units: [' ', '8x', '/', '/tree/', 'a8x7b', ':8', 'a1', '-'], tails: ['x', 'b', ''],
    run: (s) => [findAccelerator(s), findRegion(s), findInstance(s), findModel(s), parseModelSize(s), pueFor(s)],
  },
  sizeParse: {
    ms: DIRECT_MS, units: ['1', '1.', 'a1', ' 1b', '8x', '1 '], tails: ['x', 'b', ''],
    run: (s) => parseSizeText(s),
  },
  budget: {
    ms: DIRECT_MS, units: ['/', '*', '**', '?', '{a,', '\\\\', '**/'], tails: ['@', '}', ''],
    run: (s) => {
      const p = s.slice(0, 490);
      const c = compilePattern(p);
      return [parseBudgetFile(`budgets:\n  - path: ${yamlString(s)}\n    perRunKg: 1\n  - path: ${yamlString(p)}\n    perRunKg: 2\n`), normalisePattern(s), c.glob?.test(s.replace(/[*?{},@]/g, 'a').slice(0, 4096))];
    },
  },
  presentText: {
    // Notes quote file keys in backticks; suggestion titles can carry a run name. Both are driven here.
    ms: DIRECT_MS, units: ['`', '`a', ' ', '(1', '1.', '(−1% CO₂e) ', '2019, ', '1.1111', '0'], tails: ['x', '`', ')', ''],
    run: (s) => [prose(s), suggestionTitle({ kind: 'x', title: s, co2eKg: 1, savingPct: 1, explanation: '', caveats: [] } as never)],
  },
  cleanText: {
    ms: DIRECT_MS, units: [' ', '\n', ' \r', '\u202e', '\t\n'], tails: ['x', ''],
    run: (s) => [cleanText(s), cleanText(s, 40)],
  },
  syntaxOf: {
    ms: DIRECT_MS, units: [' ', '"cells"', '\n'], tails: ['x', ':'],
    run: (s) => [syntaxOf('x.json', `{"cells"${s}`), syntaxOf('x.json', s)],
  },
  lightning: {
    ms: FILE_MS, units: [' ', '#', ' #', '\t'], tails: ['x', 'lightning==', ''],
    run: (s) => analyzeText(`${s}\ntrainer:\n  accelerator: gpu\n  devices: 8\n  max_epochs: 1\nmodel:\n  class_path: x.Model\n`, 'config.yaml'),
  },
  keyEdits: {
    ms: FILE_MS, units: [' ', '#', ' #'], tails: ['x', ''],
    run: (s) => {
      const text = `${axolotl}datasets:\n  - path: a\n${s}\n`;
      const run = analyzeText(text, 'axolotl.yaml').runs[0];
      return run && planChange(text, 'axolotl.yaml', run, { field: 'epochs', value: 2 });
    },
  },
};

/** Every regex literal in the audited folders, as `file /regex/flags`. */
function regexLiterals(): string[] {
  const out: string[] = [];
  const files: string[] = [path.join(ROOT, 'src/webview/cleanText.ts')];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const d of ['src/formats', 'src/engine', 'src/core']) walk(path.join(ROOT, d));
  for (const f of files) {
    const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) out.push(`${path.relative(ROOT, f).split(path.sep).join('/')} ${n.getText(sf)}`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** A literal with a repeated part: `*`, `+` or `{n,}` not escaped. */
const quantified = (entry: string): boolean => {
  const lit = entry.slice(entry.indexOf(' ') + 1);
  return /[^\\][*+]|\{\d+,\d*\}/.test(lit.slice(0, lit.lastIndexOf('/')));
};

describe('every regex on file text stays fast at 10^5 characters', function () {
  // Per test: 6–12 attacks of up to three calls each take seconds even on a loaded machine; one quadratic
  // pattern at 10^5 characters takes tens of seconds a call, so it runs past this and fails.
  this.timeout(60_000);

  it('THE LIST is complete: each quantified literal is driven below or cannot see file text', () => {
    const all = regexLiterals();
    assert.ok(all.length > 200, `only ${all.length} literals found`);
    const missing = [...new Set(all.filter(quantified))].filter((k) => !(k in CLASSIFIED));
    assert.deepStrictEqual(missing, [], 'add these to CLASSIFIED with the case that drives them');
    const stale = Object.keys(CLASSIFIED).filter((k) => !all.includes(k));
    assert.deepStrictEqual(stale, [], 'these are no longer in the source: remove them from CLASSIFIED');
    for (const [k, v] of Object.entries(CLASSIFIED)) {
      assert.ok(v in CASES || /^(not file text|linear): /.test(v), `${k}: ${v}`);
    }
    // Each case drives at least one listed literal (no case without a reason to be here).
    const used = new Set(Object.values(CLASSIFIED));
    for (const name of Object.keys(CASES)) if (!['syntaxOf', 'lightning', 'keyEdits', 'megatron'].includes(name)) assert.ok(used.has(name), name);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${Object.entries(CLASSIFIED).filter(([, v]) => v === name).length} quantified pattern(s) driven at 10^5 characters (bench target ${c.ms} ms)`, () => {
      const attack = fc.record({ unit: fc.constantFrom(...c.units), tail: fc.constantFrom(...c.tails), prefix: fc.constantFrom('', 'a', ' ', '-') })
        .map(({ unit, tail, prefix }) => `${prefix}${unit.repeat(Math.ceil(N / unit.length))}${tail}`);
      fc.assert(
        fc.property(attack, (s) => {
          // No time limit here (a loaded machine fails one): `npm run bench` holds each call to c.ms.
          // What is checked here is that the attack runs to the end: a catastrophic backtrack at 10^5
          // characters does not end within mocha's timeout.
          timed(`regex ${name}: ${JSON.stringify(s.slice(0, 12))}… (${s.length} characters)`, c.ms, () => c.run(s), 3);
        }),
        // Every unit at least once on average, and a fixed seed so a failure replays.
        { seed: 1812, numRuns: Math.max(6, c.units.length + 2) },
      );
    });
  }
});
