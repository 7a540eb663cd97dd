// What readEntryScript (src/formats/entryScript.ts) takes from the Python file a launch line runs, in the
// spellings real training scripts use: short flags with `dest=`, dashed long flags, click options,
// `type=float` string defaults, defaults it cannot resolve, keyword-named models and datasets, the
// torchvision builders, and the note text ("default of --epochs") a user reads in the hover.
// Called directly: handlers/entryDefaults.ts memoises the facts by script text, so a test that goes
// through the CLI may see facts computed by an earlier test. Expected values read by hand from the
// snippets; offsets are 0-based into the snippet.
import * as assert from 'assert';
import { readEntryScript } from '../../src/formats/entryScript';

const lines = (...l: string[]): string => l.join('\n');

describe('Entry script facts: flag defaults as scripts spell them', () => {
  it('a dashed long flag is keyed with underscores (as the launch line is read), and the note keeps its spelling', () => {
    const f = readEntryScript('p.add_argument("--num-train-epochs", type=int, default=5)');
    const v = f.defaults.get('num_train_epochs');
    assert.strictEqual(v?.value, 5);
    assert.strictEqual(v?.what, 'default of --num-train-epochs');
    assert.ok(!f.defaults.has('numtrainepochs'));
  });

  it('a short flag first: keyed by the long flag after it, not by `-e`', () => {
    const f = readEntryScript('p.add_argument("-e", "--epochs", type=int, default=30)');
    assert.strictEqual(f.defaults.get('epochs')?.value, 30);
    assert.ok(!f.defaults.has('e'));
  });

  it('a short flag with `dest=` is keyed by dest (and the keyword arguments before it do not break the read)', () => {
    const f = readEntryScript('p.add_argument("-n", type=int, dest="epochs", default=12)');
    assert.strictEqual(f.defaults.get('epochs')?.value, 12);
    assert.strictEqual(f.defaults.get('epochs')?.what, 'default of --epochs');
  });

  it('click options: `--fp16/--no-fp16` is the flag fp16; other `.option` calls are not flags', () => {
    const f = readEntryScript(lines(
      '@click.option("--epochs", default=4)',
      '@click.option("--fp16/--no-fp16", default=True)',
      'menu.option("--steps", default=99)',
    ));
    assert.strictEqual(f.defaults.get('epochs')?.value, 4);
    assert.strictEqual(f.defaults.get('fp16')?.value, true);
    assert.strictEqual(f.defaults.get('fp16')?.what, 'default of --fp16');
    // `menu.option(...)` is not click's: its 99 must not become the run's steps.
    assert.ok(!f.defaults.has('steps'));
  });

  it('`type=float` converts a string default; `type=str` and a non-number keep the string', () => {
    const f = readEntryScript(lines(
      'p.add_argument("--lr", type=float, default="3e-4")',
      'p.add_argument("--max_steps", type=str, default="1000")',
      'p.add_argument("--batch_size", type=int, default="auto")',
    ));
    assert.strictEqual(f.defaults.get('lr')?.value, 3e-4);
    assert.strictEqual(f.defaults.get('max_steps')?.value, '1000');
    assert.strictEqual(f.defaults.get('batch_size')?.value, 'auto');
  });

  it('None, an empty string, and a default it cannot resolve give no value — and do not stop the read', () => {
    const f = readEntryScript(lines(
      'p.add_argument("--model_name_or_path", default=None)',
      'p.add_argument("--dataset_name", default="")',
      'p.add_argument("--output_dir", default=os.environ.get("OUT", "/tmp"))',
      'p.add_argument("--epochs", type=int, default=3)',
    ));
    assert.deepStrictEqual([...f.defaults.keys()], ['epochs']);
    assert.strictEqual(f.defaults.get('epochs')?.value, 3);
  });

  it('a default written as a module constant is taken, at the constant\'s literal', () => {
    const text = lines('EPOCHS = 25', 'p.add_argument("--epochs", type=int, default=EPOCHS)');
    const v = readEntryScript(text).defaults.get('epochs');
    assert.strictEqual(v?.value, 25);
    // `25` is at offsets 9–11 of line 1.
    assert.deepStrictEqual([v?.start, v?.end], [9, 11]);
  });

  it('the first definition of a flag wins (argparse refuses a second one)', () => {
    const f = readEntryScript(lines('p.add_argument("--epochs", default=3)', 'q.add_argument("--epochs", default=9)'));
    assert.strictEqual(f.defaults.get('epochs')?.value, 3);
  });
});

describe('Entry script facts: dataclass fields', () => {
  it('fields in the spellings Python allows: a space before the colon, no spaces around `=`', () => {
    const f = readEntryScript(lines(
      '@dataclass',
      'class Args:',
      '    learning_rate : float = field(default=2e-5)',
      '    Max_Steps:int=field(default=500)',
    ));
    assert.strictEqual(f.defaults.get('learning_rate')?.value, 2e-5);
    // Keyed in lower case, as the launch line's flags are; the note keeps the field's own name.
    assert.strictEqual(f.defaults.get('max_steps')?.value, 500);
    assert.strictEqual(f.defaults.get('max_steps')?.what, 'default of the field Max_Steps');
  });

  it('a field without a default, one whose default is None, and a `field(...)` not in an annotated line give nothing', () => {
    const f = readEntryScript(lines(
      'class Args:',
      '    dataset_name: str = field(metadata={"help": "hub id"})',
      '    model_name_or_path: Optional[str] = field(default=None)',
      '    extra = field(default=7)',
      '    epochs: int = field(default=2)',
    ));
    assert.deepStrictEqual([...f.defaults.keys()], ['epochs']);
  });

  it('`dataclasses.field` counts; another module\'s `field` does not', () => {
    const f = readEntryScript(lines(
      'class Args:',
      '    epochs: int = dataclasses.field(default=6)',
      '    steps: int = attr.field(default=9)',
    ));
    assert.strictEqual(f.defaults.get('epochs')?.value, 6);
    assert.ok(!f.defaults.has('steps'));
  });
});

describe('Entry script facts: models and datasets', () => {
  it('from_pretrained by keyword, with the note naming the call', () => {
    const text = 'm = AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="gpt2-medium")';
    const f = readEntryScript(text);
    assert.strictEqual(f.models[0]?.value, 'gpt2-medium');
    assert.strictEqual(f.models[0]?.what, 'AutoModelForCausalLM.from_pretrained("gpt2-medium")');
    assert.strictEqual(text.slice(f.models[0].start, f.models[0].end), '"gpt2-medium"');
  });

  it('from_pretrained(args.model) takes the flag\'s default, and its note says both', () => {
    const f = readEntryScript(lines(
      'p.add_argument("--model", default="EleutherAI/pythia-160m")',
      'm = AutoModel.from_pretrained(args.model)',
    ));
    assert.strictEqual(f.models[0]?.value, 'EleutherAI/pythia-160m');
    assert.strictEqual(f.models[0]?.what, 'AutoModel.from_pretrained(args.model), default of --model');
  });

  it('from_pretrained of a flag without a default, or of a computed path, names no model (and the rest is read)', () => {
    const f = readEntryScript(lines(
      'p.add_argument("--ckpt")',
      'a = AutoModel.from_pretrained(args.ckpt)',
      'b = AutoModel.from_pretrained(os.path.join(root, "ckpt"))',
      'c = AutoModel.from_pretrained(pretrained_model_name_or_path=args.ckpt)',
      'ds = load_dataset("openwebtext")',
    ));
    assert.deepStrictEqual(f.models, []);
    assert.deepStrictEqual(f.datasets.map((d) => d.value), ['openwebtext']);
  });

  it('timm: `create_model` imported bare, the name by keyword; another library\'s create_model is no model', () => {
    const f = readEntryScript(lines(
      'from timm import create_model',
      'a = create_model("vit_base_patch16_224", pretrained=True)',
      'b = timm.create_model(model_name="convnext_tiny")',
      'c = registry.create_model("fraud-detector")',
      'd = timm.create_model(args.arch)',
    ));
    assert.deepStrictEqual(f.models.map((m) => m.value), ['vit_base_patch16_224', 'convnext_tiny']);
    assert.strictEqual(f.models[1].what, 'timm.create_model("convnext_tiny")');
  });

  it('torchvision builders: `models.resnet50(` and `torchvision.models.vit_b_16(` name the model, shown at the builder\'s name', () => {
    const text = lines('net = models.resnet50(weights=None)', 'vit = torchvision.models.vit_b_16()', 'x = models.build(cfg)');
    const f = readEntryScript(text);
    assert.deepStrictEqual(f.models.map((m) => m.value), ['resnet50', 'vit_b_16']);
    // `resnet50` is at offsets 13–21 of line 1.
    assert.deepStrictEqual([f.models[0].start, f.models[0].end], [13, 21]);
    assert.strictEqual(text.slice(f.models[1].start, f.models[1].end), 'vit_b_16');
    assert.strictEqual(f.models[1].what, 'torchvision.models.vit_b_16(…)');
  });

  it('a model config JSON by flag default is a model config, not a model; a Tokenizer\'s from_pretrained is neither', () => {
    const f = readEntryScript(lines(
      'ap.add_argument("--model_config", default="configs/qwen3_0.6b.json")',
      'ap.add_argument("--tok", default="configs/tok.model")',
      'cfg = AutoConfig.from_pretrained(args.model_config)',
      'tcfg = AutoConfig.from_pretrained(args.tok)',
      't = AutoTokenizer.from_pretrained(args.model_config)',
    ));
    assert.deepStrictEqual(f.modelConfigs.map((m) => m.value), ['configs/qwen3_0.6b.json']);
    assert.strictEqual(f.modelConfigs[0].what, 'AutoConfig.from_pretrained(args.model_config), default of --model_config');
    assert.deepStrictEqual(f.models, []);
  });

  it('load_dataset by keyword `path=`; local loaders (csv, imagefolder) are not dataset names; the note names the call', () => {
    const f = readEntryScript(lines(
      'a = load_dataset(path="HuggingFaceFW/fineweb-edu", split="train")',
      'b = load_dataset("csv", data_files="train.csv")',
      'c = load_dataset("imagefolder", data_dir="imgs")',
      'd = load_dataset("my-org/jsonl-dump")',
    ));
    assert.deepStrictEqual(f.datasets.map((d) => d.value), ['HuggingFaceFW/fineweb-edu', 'my-org/jsonl-dump']);
    assert.strictEqual(f.datasets[0].what, 'load_dataset("HuggingFaceFW/fineweb-edu")');
  });
});

describe('Entry script facts: the config it reads by default', () => {
  it('a `.yml` default counts; a `.yaml.bak` default and a templated path do not', () => {
    assert.strictEqual(readEntryScript('p.add_argument("--config", default="conf/base.yml")').configDefault?.value, 'conf/base.yml');
    assert.strictEqual(readEntryScript('p.add_argument("--config", default="conf/base.yaml.bak")').configDefault, undefined);
    assert.strictEqual(readEntryScript('p.add_argument("--config", default="conf/${RUN}.yaml")').configDefault, undefined);
  });

  it('a config flag whose default is a number is not a config file', () => {
    assert.strictEqual(readEntryScript('p.add_argument("--cfg", type=int, default=3)').configDefault, undefined);
  });
});

describe('Entry script facts: bounds', () => {
  it('a file of exactly 1 MB is still read', () => {
    const head = 'p.add_argument("--epochs", default=3)\n';
    const text = head + '#'.repeat(1024 * 1024 - head.length);
    assert.strictEqual(text.length, 1024 * 1024);
    assert.strictEqual(readEntryScript(text).defaults.get('epochs')?.value, 3);
  });

  it('a generated script keeps at most 500 flag defaults, and at most 500 models and datasets together', () => {
    const flags = Array.from({ length: 600 }, (_, i) => `p.add_argument("--f${i}", default=${i})`).join('\n');
    const f = readEntryScript(flags);
    assert.strictEqual(f.defaults.size, 500);
    assert.strictEqual(f.defaults.get('f499')?.value, 499);
    const loads = Array.from({ length: 300 }, (_, i) => `m${i} = AutoModel.from_pretrained("org/m${i}")\nd${i} = load_dataset("org/d${i}")`).join('\n');
    const g = readEntryScript(loads);
    // The check runs before each call: 250 calls of each kind fill the 500, the next call is not read.
    assert.strictEqual(g.models.length + g.datasets.length, 500);
    assert.strictEqual(g.models.length, 250);
  });
});
