/**
 * Durations as Prometheus writes them (`500ms`, `30s`, `5m`, `1h30m`): operators already know
 * the notation from their scrape configs, so the exporter speaks it too. Inside the program a
 * duration is always a whole number of milliseconds.
 */

export const MILLISECOND = 1;
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** Units from largest to smallest: Prometheus requires this order and each unit at most once. */
const UNITS: ReadonlyArray<readonly [suffix: string, ms: number]> = [
  ['w', WEEK],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
  ['ms', MILLISECOND],
];

const PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses `1h30m`, `30s`, `500ms` or a bare number of milliseconds (`1500`).
 * Returns undefined for anything else (`5 minutes`, `1.5s`, `-1s`, ``), so callers decide how to report it.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return safe(Number(trimmed));
  const match = PATTERN.exec(trimmed);
  // The pattern also matches the empty string, where every group is absent.
  if (!match || trimmed === '') return undefined;
  let total = 0;
  UNITS.forEach(([, ms], i) => {
    const amount = match[i + 1];
    if (amount !== undefined) total += Number(amount) * ms;
  });
  return safe(total);
}

function safe(ms: number): number | undefined {
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Formats milliseconds the way parseDuration reads them back: 5400000 → `1h30m`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0s';
  let rest = Math.abs(Math.round(ms));
  let out = ms < 0 ? '-' : '';
  for (const [suffix, size] of UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${suffix}`;
      rest %= size;
    }
  }
  return out;
}
