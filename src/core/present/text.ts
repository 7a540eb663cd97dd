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
 * Notes written by the readers quote keys as code (`run_cap`). Markdown surfaces escape file text, so
 * backticks would show literally, and the panel and terminal print them as they are: every surface
 * gets the key in typographic quotes instead, the same everywhere.
 */
export function prose(text: string): string {
  return String(text).replace(/`([^`\n]{1,200})`/g, '‘$1’').replace(/`/g, '');
}
