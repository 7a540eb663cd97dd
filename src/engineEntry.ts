// The part of Carbon Lens that parses and estimates files: every format parser, the YAML and JSON
// libraries, the estimator pipeline and the report writers. The extension loads it from
// dist/engine.js the first time a file is analysed (src/editor/engine.ts), so activation never
// pays for it; the CLI bundles it directly.
export { analyzeText } from './formats';
export { planChange } from './formats/edits';
export { evaluateText, failedFile } from './engine/evaluate';
export { parseBudgetFile } from './engine/budgetFile';
export { jsonReport, markdownReport, modelCardBlock, upsertFrontMatter } from './engine/exports';
export { modelCard, replacesAnotherRun } from './engine/modelCard';
