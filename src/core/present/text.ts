// Words every surface shares: how a source is cited and how a sentence from the estimator reads as
// prose. Pure; the surfaces escape the result for their own medium (markdown, HTML text, terminal).

/**
 * `Patterson et al. 2021` — the source once, with its year once: a source whose name already carries
 * the year (as most catalogue entries do) is not followed by it again ("…2021, 2021" was issue #16).
 */
export function cite(source: string, year?: number): string {
  const s = source.trim();
  if (year === undefined || !Number.isFinite(year)) return s;
  return s.includes(String(year)) ? s : `${s} ${year}`;
}

/**
 * `Cloud Carbon Footprint, 2024` — how the estimator cites a data source inside a sentence: the year
 * after a comma, left out when the source already names it ("Luccioni et al. 2022 (BLOOM)", not
 * "Luccioni et al. 2022 (BLOOM), 2022"; "Dodge et al. 2022 …; Patterson et al. 2021", not "…, 2022").
 */
export function sourceYear(source: string, year?: number): string {
  const s = source.trim();
  if (year === undefined || !Number.isFinite(year)) return s;
  // The year as a word of its own: "eGRID2020" names a dataset, not the year the figure was published.
  return new RegExp(`\\b${Math.trunc(year)}\\b`).test(s) ? s : `${s}, ${year}`;
}

/**
 * A sentence from the estimator or a reader, as every surface shows it. Notes quote keys as code
 * (`run_cap`): markdown surfaces escape file text, so backticks would show literally, and the panel
 * and terminal print them as they are; every surface gets the key in typographic quotes instead.
 * A year said twice ("2019, 2019") is said once, and a grid intensity in grams reads three digits.
 */
export function prose(text: string): string {
  return String(text)
    .replace(/`([^`\n]{1,200})`/g, '‘$1’')
    .replace(/`/g, '')
    // The estimator cites `(${source}, ${year})`; a source that names its year reads it once.
    .replace(/((?:19|20)\d\d), \1(?!\d)/g, '$1')
    // Grid intensities are carried at full precision (379.069 g); a reader gets three digits.
    .replace(/\b(\d{1,6}\.\d{3,12})(?= g\b)/g, (n) => String(+Number(n).toPrecision(3)));
}
