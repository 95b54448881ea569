/**
 * Strict reading of a command line against an option table: a misspelt flag or a stray word is an
 * error with a "did you mean", never silently ignored (`--chek-config` must not start the exporter).
 */
import { closestMatch } from 'leven';
import type { CliOption } from './options.js';

export interface Parsed {
  /** Each option given, by long name: its last value, or true for a bare boolean flag. */
  readonly values: ReadonlyMap<string, string | true>;
  readonly errors: readonly string[];
}

const BOOLEAN_WORDS = new Set(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']);

/** ` (did you mean --account-id?)` when one candidate is close enough to be a typo, else nothing. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const bare = (s: string) => s.replace(/^-+/, '').toLowerCase();
  const exact = [...candidates].reverse().find((c) => bare(c) === bare(given));
  if (exact) return ` (did you mean ${exact}?)`;
  // A later candidate wins a tie: callers list subcommands after flags.
  const byBare = new Map(candidates.map((c) => [bare(c), c]));
  const maxDistance = Math.max(2, Math.floor(bare(given).length / 4));
  const close = closestMatch(bare(given), [...byBare.keys()], { maxDistance });
  return close === undefined ? '' : ` (did you mean ${byBare.get(close)}?)`;
}

/** Reads `argv` against `options`; every problem is one line in `errors`. */
/** `words`: what a stray word may have meant besides a flag without its dashes (the subcommands). */
export function parseOptions(argv: readonly string[], options: readonly CliOption[], words: readonly string[] = []): Parsed {
  const byName = new Map(options.map((o) => [o.name, o]));
  const byShort = new Map(options.filter((o) => o.short).map((o) => [o.short, o]));
  const flags = options.map((o) => `--${o.name}`);
  const values = new Map<string, string | true>();
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      for (const rest of argv.slice(i + 1)) errors.push(`unexpected argument "${rest}"`);
      break;
    }
    const long = /^--([^=]+)(?:=([\s\S]*))?$/.exec(token);
    const short = /^-([^-])$/.exec(token);
    const option = long ? byName.get(long[1] ?? '') : short ? byShort.get(short[1]) : undefined;
    if (!long && !short) {
      errors.push(`unexpected argument "${token}"${didYouMean(token, [...flags, ...words])}`);
      continue;
    }
    if (!option) {
      errors.push(`unknown flag ${long ? `--${long[1]}` : token}${didYouMean(token, flags)}`);
      continue;
    }
    const inline = long?.[2];
    if (inline !== undefined) {
      values.set(option.name, inline);
    } else if (option.type === 'boolean') {
      const next = argv[i + 1];
      if (next !== undefined && BOOLEAN_WORDS.has(next.toLowerCase())) {
        values.set(option.name, next);
        i++;
      } else {
        values.set(option.name, true);
      }
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        errors.push(`--${option.name} needs a value: ${option.usage}`);
      } else {
        values.set(option.name, next);
        i++;
      }
    }
  }
  return { values, errors };
}
