// After the launch a script's estimate is built from, the rest of a long sweep script is only
// counted ("1,667 launch commands; estimated the first"). Tokenising and substituting every word of
// that rest cost five times reading the script; this skims it instead: each command's first words
// are read, exactly as `shellWords` cuts them, until the command is known to start a launch or not,
// and the rest of the command is jumped over (quotes, escapes and comments honoured) to the next
// separator. The answer must equal what the full reader (expandScript, spliceInlineScripts,
// commandsOf in handlers/shell.ts) would count, so the skim gives up (`undefined`: the caller reads
// the whole script) wherever it could differ: a word it would have to substitute, an inline script
// (`bash -c`, `eval`, `--wrap`) that the full reader splices, `${X:=y}` (which assigns), a default
// holding `$`, or substitutions that could reach a cap of shellVars.ts (the "not substituted" note).
// One difference is accepted: past 200 000 words the full reader's tokenizer stops (its bound against
// hostile input), so launches after that point are counted here and were not there.
import { readWord } from './launcherFlags';
import { MAX_VALUE_CHARS, type ShellAssignment } from './shellVars';

/** What counts a command as a launch; handlers/shell.ts's own tests, so both readers agree. */
export interface LaunchTests {
  /** A word that may start a launcher (cheap name test). */
  mayLaunch(text: string): boolean;
  /** A command that runs the command after it (`srun`, `nohup`…). */
  isWrapper(text: string): boolean;
  /** A launcher counted once the estimated launch is found. */
  isLaunchName(text: string): boolean;
  /** Words of one command looked at as a possible program start. */
  maxLooks: number;
}

/** Where the full reader left off: its variables and substitution budget. */
export interface SkimStart {
  vars: ReadonlyMap<string, ShellAssignment>;
  budgetLeft: number;
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;
const DECLARERS = new Set(['export', 'local', 'declare', 'readonly', 'typeset']);
/** The characters that matter when jumping over the rest of a command: the common ones, and a class of the rare. */
const SPECIAL = '\n"\\$';
const RARE_SPECIAL = /[;&|'#]/g;
/** Inside double quotes: the closing quote, an escape, a `$`. */
const DQ_SPECIAL = '"\\$';

/**
 * The next of a few characters at or after an offset that only grows: one `indexOf` per character
 * (and one search of the `rare` class), each kept until passed, so the text is searched once per
 * kind (a regex per stop cost more than the tokenizer the skim is there to avoid).
 */
class Stops {
  private readonly at: number[];
  private rareAt = -1;
  constructor(private readonly s: string, private readonly chars: string, private readonly rare?: RegExp) {
    this.at = Array.from(chars, () => -1);
  }
  /** Offset of the first of the characters at or after `i`, or the text's length. */
  next(i: number): number {
    const { s, chars, at } = this;
    const n = s.length;
    let best = n;
    for (let k = 0; k < chars.length; k++) {
      let p = at[k];
      if (p < i && p !== n) {
        p = s.indexOf(chars[k], i);
        at[k] = p = p < 0 ? n : p;
      }
      if (p < best) best = p;
    }
    if (this.rare) {
      let p = this.rareAt;
      if (p < i && p !== n) {
        this.rare.lastIndex = i;
        p = this.rareAt = this.rare.test(s) ? this.rare.lastIndex - 1 : n;
      }
      if (p < best) best = p;
    }
    return best;
  }
}

/** Text the skim cannot follow exactly: an assigning default (`${X:=y}`), or a default that holds `$`. */
const HARD_REF = /\$\{[A-Za-z_][A-Za-z0-9_]{0,127}(?::?=|:?-[^}$]{0,4096}\$)/;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

function base(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * From `i` (between words of a command), the next word's start; or, as `-1 - at`, the separator (or
 * the end of the text) that ends the command. Blanks, continuations and comments are passed over.
 */
function nextWordStart(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    if (c === 92 /* \\ */ && (s.charCodeAt(i + 1) === 10 || (s.charCodeAt(i + 1) === 13 && s.charCodeAt(i + 2) === 10))) { i += s.charCodeAt(i + 1) === 10 ? 2 : 3; continue; }
    if (c === 10 || c === 59 || c === 38 || c === 124) return -1 - i;
    if (c === 35 /* # */) {
      const nl = s.indexOf('\n', i);
      return -1 - (nl < 0 ? n : nl);
    }
    return i;
  }
  return -1 - n;
}

/** What jumping over the rest of a command found (one object, filled by each call). */
interface Tail {
  /** `$` signs in it (each at most one substitution). */
  dollars: number;
  /** A word the full reader may splice as an inline script (see `inlineBefore`). */
  inline: boolean;
}

/** Inline-script words, as text (quote removal done): `bash -c <script>`, `eval <script>`, `--wrap <script>`. */
const INLINE_WORDS = new Set(['-c', 'eval', '--wrap']);
const QUOTING = /["'\\]/g;

/**
 * Whether the word holding offset `j` (a quote, an escape or a `$`, so its text may hold a blank once
 * unquoted or substituted) may be an inline script the full reader splices: it starts `--wrap=`, or
 * the word before it is `-c`, `eval` or `--wrap`. Read backwards from `j` in the raw text, quotes
 * and escapes dropped (a word spelt with quotes inside, `e"val"`, is caught too); a false alarm
 * only sends the script to the full reader.
 */
function inlineBefore(s: string, j: number, cmdStart: number): boolean {
  const a = wordStartBefore(s, j, cmdStart);
  if (a < j && s.slice(a, j).replace(QUOTING, '').startsWith('--wrap')) return true;
  // Back over blanks and continuations to the end of the word before, in this command.
  let e = a;
  for (;;) {
    if (e > cmdStart && (s[e - 1] === ' ' || s[e - 1] === '\t' || s[e - 1] === '\r')) e--;
    else if (e - 1 > cmdStart && s[e - 1] === '\n' && s[e - 2] === '\\') e -= 2;
    else break;
  }
  // No blank before the word (a separator, or the command's start): no word before it in this command.
  if (e === a || e <= cmdStart) return false;
  // Cheap first: the last letter of `-c`, `eval`, `--wrap`, or quoting.
  const last = s[e - 1];
  if (last !== 'c' && last !== 'l' && last !== 'p' && last !== '"' && last !== "'" && last !== '\\') return false;
  const b = wordStartBefore(s, e, cmdStart);
  return b < e && INLINE_WORDS.has(s.slice(b, e).replace(QUOTING, ''));
}

/** Start of the run of word characters ending at `j` (a continuation inside a word joins it). */
function wordStartBefore(s: string, j: number, cmdStart: number): number {
  let a = j;
  while (a > cmdStart) {
    const c = s.charCodeAt(a - 1);
    if (c === 10 /* \n */ && a - 2 >= cmdStart && s.charCodeAt(a - 2) === 92 /* \\ */) a -= 2;
    else if (isBoundary(c)) break;
    else a--;
  }
  return a;
}

/** Blank or separator: space, tab, CR, LF, `;`, `&`, `|`. */
function isBoundary(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 59 || c === 38 || c === 124;
}

/**
 * From `i` inside a command (`inWord`: a word is being read), the separator that ends the command,
 * or the end of the text: the characters are not looked at one by one, only the quotes, escapes,
 * `$`, comment marks and separators among them.
 */
function commandEnd(s: string, i: number, cmdStart: number, st: TailStops, tail: Tail): number {
  const n = s.length;
  let dollars = 0;
  let inWord = false;
  // Each word is checked for an inline script once, at its first quote, escape or `$` (checking at
  // every one would read a long word back again and again).
  let checked = false;
  tail.inline = false;
  const done = (end: number): number => {
    tail.dollars = dollars;
    return end;
  };
  while (i < n) {
    const j = st.special.next(i);
    if (j >= n) return done(n);
    if (j > i) {
      inWord = !isSpace(s[j - 1]);
      if (st.blank.next(i) < j) checked = false;
    }
    const c = s[j];
    if (c === '\n' || c === ';' || c === '&' || c === '|') return done(j);
    if (c === '#') {
      if (inWord) { i = j + 1; continue; }
      const nl = s.indexOf('\n', j);
      return done(nl < 0 ? n : nl);
    }
    // A continuation (between words, `\` CR LF too) is no part of a word.
    if (c === '\\' && (s[j + 1] === '\n' || (!inWord && s[j + 1] === '\r' && s[j + 2] === '\n'))) {
      if (!inWord) checked = false;
      i = j + (s[j + 1] === '\n' ? 2 : 3);
      continue;
    }
    if (!checked) {
      checked = true;
      if (inlineBefore(s, j, cmdStart)) {
        tail.inline = true;
        return done(j);
      }
    }
    if (c === '$') {
      dollars++;
      i = j + 1;
      inWord = true;
      continue;
    }
    if (c === "'") {
      const close = s.indexOf("'", j + 1);
      // Substituted inside single quotes too: the full reader works on the text with quotes removed.
      for (let d = st.dollar.next(j + 1); d < n && (close < 0 || d < close); d = st.dollar.next(d + 1)) dollars++;
      if (close < 0) return done(n);
      i = close + 1;
      inWord = true;
      continue;
    }
    if (c === '"') {
      let k = j + 1;
      for (;;) {
        const q = st.dq.next(k);
        if (q >= n) return done(n);
        if (s[q] === '$') { dollars++; k = q + 1; continue; }
        if (s[q] === '\\') {
          if (s[q + 1] === '$') dollars++;
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      if (k > n) return done(n);
      i = k;
      inWord = true;
      continue;
    }
    // An escaped character (a backslash at the very end is a character of its own).
    if (j + 1 >= n) return done(n);
    if (s[j + 1] === '$') dollars++;
    i = j + 2;
    inWord = true;
  }
  return done(n);
}

/** The searches commandEnd keeps over one skim. */
interface TailStops {
  special: Stops;
  dq: Stops;
  dollar: Stops;
  blank: Stops;
}

/** Sum of the bounds of the variables `$NAME` / `${NAME…` in `text` from `from` (unknown names: 0). */
function refsBound(text: string, from: number, bound: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (let k = text.indexOf('$', from); k >= 0; k = text.indexOf('$', k + 1)) {
    let a = k + 1;
    if (text.charCodeAt(a) === 123 /* { */) a++;
    if (!isNameStart(text.charCodeAt(a))) continue;
    let b = a + 1;
    while (b < text.length && b - a < 128 && isNameChar(text.charCodeAt(b))) b++;
    sum += bound.get(text.slice(a, b)) ?? 0;
  }
  return sum;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/**
 * Launch commands in `s` from `from` (a command's start: just after a separator the full reader
 * saw), counted as commandsOf counts them once a training launch is found; `undefined` when only
 * the full reader can say (see the file comment).
 */
export function skimLaterLaunches(s: string, from: number, start: SkimStart, t: LaunchTests): number | undefined {
  const rest = from > 0 ? s.slice(from) : s;
  if (HARD_REF.test(rest)) return undefined;
  // Longest value a substitution may insert, and per variable (assignments below raise it).
  const bound = new Map<string, number>();
  let maxValue = 0;
  for (const [name, a] of start.vars) {
    bound.set(name, a.value.text.length);
    maxValue = Math.max(maxValue, a.value.text.length);
  }
  let dollars = 0;
  let longest = 0;
  let mostDollars = 0;

  const n = s.length;
  const st: TailStops = { special: new Stops(s, SPECIAL, RARE_SPECIAL), dq: new Stops(s, DQ_SPECIAL), dollar: new Stops(s, '$'), blank: new Stops(s, ' \t\r') };
  let later = 0;
  let i = from;
  const tail: Tail = { dollars: 0, inline: false };
  while (i < n) {
    const w0 = nextWordStart(s, i);
    if (w0 < 0) {
      i = -w0; // the separator's offset + 1
      continue;
    }
    const cmdStart = w0;
    let at = w0;
    let looked = 0;
    /** All words so far are `NAME=` prefixes; the first other word is a wrapper. */
    let prefixes = true;
    let wrapped = false;
    let declaring = false;
    let decided = false;
    let end = -1;
    /** `$` signs in the command, read words and jumped-over rest. */
    let d = 0;
    for (;;) {
      const word = readWord(s, at);
      const next = word.end;
      const text = word.text;
      // `bash -c <script>`, `eval <script>`, `--wrap[=]<script>`: the full reader splices the script.
      if (INLINE_WORDS.has(text) || text.startsWith('--wrap=')) return undefined;
      const dollar = text.indexOf('$');
      for (let k = dollar; k >= 0; k = text.indexOf('$', k + 1)) d++;
      const assigns = (prefixes || declaring) && isNameStart(text.charCodeAt(0)) && ASSIGN.test(text);
      if (assigns) {
        // An assignment keeps its text as written (shellVars substitutes its value, not the word).
        const eq = text.indexOf('=');
        const len = text.length - eq - 1 + (dollar >= 0 ? refsBound(text, eq + 1, bound) : 0);
        bound.set(text.slice(0, eq), len);
        if (len > maxValue) maxValue = len;
      } else if (dollar >= 0 && !decided && (prefixes || wrapped)) {
        // Its substituted text decides whether the command launches: only the full reader substitutes.
        return undefined;
      }
      if (!decided && (prefixes || wrapped) && t.mayLaunch(text)) {
        if (++looked > t.maxLooks) decided = true;
        else if (t.isLaunchName(base(text))) {
          later++;
          decided = true;
        }
      }
      if (!assigns && prefixes) {
        prefixes = false;
        // `export A=$B …`: every assignment of the command is read (its value may be substituted later).
        if (DECLARERS.has(text)) declaring = true;
        else wrapped = t.isWrapper(base(text));
      }
      if (!declaring && (decided || (!prefixes && !wrapped))) {
        end = commandEnd(s, next, cmdStart, st, tail);
        if (tail.inline) return undefined;
        d += tail.dollars;
        break;
      }
      const nx = nextWordStart(s, next);
      if (nx < 0) {
        end = -1 - nx;
        break;
      }
      at = nx;
    }
    dollars += d;
    if (d) {
      longest = Math.max(longest, end - cmdStart);
      mostDollars = Math.max(mostDollars, d);
    }
    i = end + 1;
  }
  // No cap of shellVars.ts can be reached: every word stays under MAX_VALUE_CHARS once substituted,
  // and all substitutions together (values, and defaults as written) stay within the budget left.
  if (mostDollars && longest + mostDollars * maxValue > MAX_VALUE_CHARS) return undefined;
  if (dollars && rest.length + dollars * maxValue > start.budgetLeft) return undefined;
  return later;
}
