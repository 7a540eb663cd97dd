// Entry point VS Code's extension host calls (extensionTestsPath) once the
// development extension is loaded. Runs every compiled *.test.js beside this
// file with mocha and reports failure by rejecting, which the host turns into
// a non-zero exit code.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // The extension host's first activation and file opens are slow on a 2-core CI box.
    timeout: 30000,
    // Output is relayed through the browser console; escape codes would only add noise there.
    color: false,
    reporter: 'spec',
  });
  if (process.env.CARBON_LENS_TEST_GREP) mocha.grep(process.env.CARBON_LENS_TEST_GREP);

  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeSummary(runner.stats, failures);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

// The runner outside the editor reads this to print a one-line tally; the
// extension host inherits code-server's environment, which carries the path.
function writeSummary(stats: Mocha.Stats | undefined, failures: number): void {
  const file = process.env.CARBON_LENS_TEST_SUMMARY;
  if (!file) return;
  const summary = {
    passes: stats?.passes ?? 0,
    failures,
    pending: stats?.pending ?? 0,
    tests: stats?.tests ?? 0,
    durationMs: stats?.duration ?? 0,
  };
  try {
    fs.writeFileSync(file, JSON.stringify(summary));
  } catch (e) {
    console.error(`could not write test summary to ${file}: ${String(e)}`);
  }
}
