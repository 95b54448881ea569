/**
 * The backfill's own options, defined once: the parser, `backfill --help` (src/cli/commands/backfill.ts)
 * and the docs check all read this table. Every exporter setting (file, environment, flags) applies as well.
 */

export interface OptionSpec {
  readonly name: string;
  /** What follows the flag, as shown in help. */
  readonly value: string;
  readonly help: string;
  /** May be given several times. */
  readonly multiple?: boolean;
}

export const DEFAULT_LABELS = { job: 'liveperson-nht', instance: 'liveperson-nht-exporter:9818' } as const;

export const BACKFILL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'from',
    value: 'TIME',
    help: 'Start of the history: an ISO 8601 UTC time (2026-10-01T00:00:00Z) or a duration back from now (9w, 36h). Default: the oldest data LivePerson keeps (9 weeks back, plus a few minutes of margin). History starts once LivePerson still holds the hour its first sample reads.',
  },
  {
    name: 'to',
    value: 'TIME',
    help: "End of the history, same forms. Default: 3 hours ago rounded down to a 2-hour block boundary, the newest time promtool's documentation calls safe to add to a running Prometheus (its head block holds the last ~3 hours).",
  },
  {
    name: 'output',
    value: 'FILE',
    help: 'Write OpenMetrics text to FILE (- for standard output). Written under a temporary name and renamed when complete.',
  },
  {
    name: 'blocks',
    value: 'DIR',
    help: "Write ready Prometheus TSDB blocks into DIR (created if missing), made with promtool tsdb create-blocks-from openmetrics; copy DIR's contents into Prometheus's data directory. Blocks appear in DIR only when the whole range succeeded.",
  },
  {
    name: 'label',
    value: 'NAME=VALUE',
    help: `A target label added to every series, as a scrape adds it; repeat for several. Give the job and instance your scrape config gives the exporter (and what relabelling adds), so history and live samples are one series. Default: job=${DEFAULT_LABELS.job} and instance=${DEFAULT_LABELS.instance}; giving --label job=... or instance=... replaces that default only.`,
    multiple: true,
  },
  {
    name: 'promtool',
    value: 'PATH',
    help: 'The promtool to run for --blocks. Default: promtool on the PATH.',
  },
];

export interface BackfillArgs {
  readonly from?: string;
  readonly to?: string;
  readonly output?: string;
  readonly blocks?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly promtool: string;
}

export type ParsedArgs = { ok: true; args: BackfillArgs; rest: string[] } | { ok: false; error: string };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const OWN_LABELS = new Set(['account_id', 'skill_id', 'interval']);

/**
 * Takes the backfill's options out of `argv`; whatever is left (exporter settings such as
 * --config or --account-id) is returned in `rest` for the configuration loader.
 */
export function parseBackfillArgs(argv: readonly string[]): ParsedArgs {
  const specs = new Map(BACKFILL_OPTIONS.map((o) => [o.name, o]));
  const values = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const spec = m ? specs.get(m[1]!) : undefined;
    if (!m || !spec) {
      rest.push(arg);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      const next = argv[i + 1];
      // `--output -` means standard output, so a lone dash is a value.
      if (next === undefined || (next.startsWith('--') && next !== '-')) return { ok: false, error: `--${spec.name} needs a value: --${spec.name} ${spec.value}` };
      value = next;
      i += 1;
    }
    const list = values.get(spec.name) ?? [];
    if (list.length > 0 && !spec.multiple) return { ok: false, error: `--${spec.name} is given more than once` };
    list.push(value);
    values.set(spec.name, list);
  }
  const one = (name: string): string | undefined => values.get(name)?.[0];
  const labels: Record<string, string> = { ...DEFAULT_LABELS };
  for (const pair of values.get('label') ?? []) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!LABEL_NAME.test(name) || name.startsWith('__')) return { ok: false, error: `--label "${pair}" is not NAME=VALUE with a Prometheus label name` };
    if (OWN_LABELS.has(name)) return { ok: false, error: `--label ${name}=...: ${name} is a label of the exporter's own series and cannot be set` };
    labels[name] = pair.slice(eq + 1);
  }
  for (const [name, value] of Object.entries(labels)) if (value === '') delete labels[name];
  const args: BackfillArgs = {
    labels,
    promtool: one('promtool') ?? 'promtool',
    ...(one('from') !== undefined && { from: one('from')! }),
    ...(one('to') !== undefined && { to: one('to')! }),
    ...(one('output') !== undefined && { output: one('output')! }),
    ...(one('blocks') !== undefined && { blocks: one('blocks')! }),
  };
  return { ok: true, args, rest };
}
