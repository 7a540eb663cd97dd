// Wording of the budget quick fixes (kept apart for the presenter, #16).
export const budgetFixText = {
  best: (title: string) => `Apply the best what-if: ${title}`,
  openPanel: 'Open the Carbon Lens panel for this run',
  raise: (kg: number) => `Raise this file's budget to ${kg.toLocaleString('en-US')} kg CO₂e (.carbonlens.yml)`,
  ignore: (name: string) => `Ignore the budget for this run${name ? ` (${name.slice(0, 60)})` : ''} in this workspace`,
};
