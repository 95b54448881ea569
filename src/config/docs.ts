/**
 * Documentation generated from the schema: the Markdown reference (`--print-config-docs`) and
 * the `--help` text. Nothing here is written by hand per key, so the docs cannot drift from
 * what the loader accepts.
 */
import { formatDuration } from './duration.js';
import { configKeys, type ConfigKey } from './keys.js';

/** Section titles of `--help`, by the first segment of the key's path. */
const GROUP_TITLES: Readonly<Record<string, string>> = {
  demo: 'General',
  liveperson: 'LivePerson account and API',
  poll: 'Polling',
  server: 'HTTP server',
  log: 'Logging',
  simulator: 'Simulator (demo mode only)',
  skillNames: 'Skill names (Skills API)',
  otlp: 'OpenTelemetry (OTLP push)',
};

/** Flags main.ts handles itself; they are not settings, so the schema does not hold them. */
export const COMMAND_FLAGS: ReadonlyArray<readonly [flag: string, doc: string]> = [
  ['--config <file>', 'Read settings from a JSON file (see config/example.json).'],
  ['--check-config', 'Check the configuration, print it with secrets redacted, and exit (non-zero when it is invalid).'],
  ['--print-config-docs', 'Print the configuration reference as a Markdown table and exit.'],
  ['--help', 'Print this help and exit.'],
];

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  duration: '<duration>',
  'int-range': '<n>',
  url: '<url>',
  'skill-ids': '<ids>',
  originator: '<name>',
  'account-id': '<id>',
  'key-value-list': '<text>',
  'header-list': '<text>',
  flag: '',
};

/** `--poll-interval <duration>`, `--auth-mode <oauth2|oauth1|bearer>`, `--demo`. */
function flagUsage(key: ConfigKey): string {
  const { format } = key;
  const placeholder = Array.isArray(format)
    ? `<${format.join('|')}>`
    : typeof format === 'string'
      ? (PLACEHOLDERS[format] ?? '<value>')
      : '<text>';
  return placeholder ? `--${key.arg} ${placeholder}` : `--${key.arg}`;
}

/** The default as a user would type it; secrets and empty values show as empty. */
function defaultText(key: ConfigKey): string {
  const value = key.default;
  if (key.sensitive) return '';
  if (key.format === 'duration' && typeof value === 'number') return formatDuration(value);
  if (Array.isArray(value)) return value.join(',');
  return String(value ?? '');
}

/** What the format accepts, in words, unless the doc already lists every allowed value. */
function constraints(key: ConfigKey): string[] {
  const spec = key.spec;
  const out: string[] = [];
  if (Array.isArray(key.format)) {
    if (!key.format.every((v) => key.doc.includes(String(v)))) out.push(`One of: ${key.format.join(', ')}.`);
  } else if (key.format === 'duration') {
    let text = 'A duration such as 30s, 5m or 1h30m';
    if (typeof spec['min'] === 'number') text += `; at least ${formatDuration(spec['min'])}`;
    if (typeof spec['below'] === 'number') text += `; less than ${formatDuration(spec['below'])}`;
    out.push(`${text}.`);
  } else if (key.format === 'int-range') {
    out.push(`Integer from ${String(spec['min'])} to ${String(spec['max'])}.`);
  }
  if (key.fileEnv) out.push(`Can be read from the file named by ${key.fileEnv}.`);
  return out;
}

function description(key: ConfigKey): string {
  return [key.sensitive ? 'Secret: never logged.' : '', key.doc, ...constraints(key)].filter(Boolean).join(' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text === '' ? '' : `\`${cell(text)}\``;
}

function tableRow(key: ConfigKey): string {
  const env = key.fileEnv ? `${code(key.env)}<br>${code(key.fileEnv)}` : code(key.env);
  return `| ${code(key.path)} | ${env} | ${code(flagUsage(key))} | ${code(defaultText(key))} | ${cell(description(key))} |`;
}

const TABLE_HEAD = ['| Key | Environment variable | Flag | Default | Description |', '| --- | --- | --- | --- | --- |'];

/** The configuration reference: a Markdown table of every key with its variable, flag, default and description. */
export function renderConfigTable(): string {
  return [...TABLE_HEAD, ...configKeys().map(tableRow)].join('\n') + '\n';
}

/** The keys grouped by the first segment of their path, in schema order. */
function groups(): Array<{ title: string; keys: ConfigKey[] }> {
  const out: Array<{ title: string; keys: ConfigKey[] }> = [];
  let group: string | undefined;
  for (const key of configKeys()) {
    const first = key.path.split('.')[0] ?? '';
    if (first !== group) {
      group = first;
      out.push({ title: GROUP_TITLES[group] ?? group, keys: [] });
    }
    out.at(-1)?.keys.push(key);
  }
  return out;
}

/** docs/configuration.md's reference: one `###` section and table per group of settings. */
export function renderConfigReference(): string {
  const sections = groups().map(({ title, keys }) => [`### ${title}`, '', ...TABLE_HEAD, ...keys.map(tableRow)].join('\n'));
  return sections.join('\n\n') + '\n';
}

/** Word-wraps `text` to `width` columns, each line starting with `indent`. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function helpEntry(key: ConfigKey): string[] {
  const sources = key.fileEnv ? `env ${key.env} or ${key.fileEnv}` : `env ${key.env}`;
  const fallback = defaultText(key);
  const facts = [sources, ...(fallback === '' ? [] : [`default ${fallback}`])].join(', ');
  const oneLine = `  ${flagUsage(key)}   (${facts})`;
  if (oneLine.length <= 100) return [oneLine, ...wrap(description(key), '      ')];
  // Long flag and variable names: the default moves into the description.
  const lead = fallback === '' ? '' : `Default ${fallback}. `;
  return [`  ${flagUsage(key)}   (env ${key.env})`, ...wrap(lead + description(key), '      ')];
}

/** The `--help` text: usage, the command flags, then every setting grouped by section. */
export function renderHelp(): string {
  const lines: string[] = [
    'Usage: liveperson-nht-exporter [options]',
    '',
    ...wrap(
      'Polls the LivePerson Net Handle Time (NHT) API and serves the per-skill metrics to Prometheus (/metrics) and OpenTelemetry. ' +
        'Each setting comes from, lowest to highest: its default, the --config file, its environment variable, its flag.',
      '',
    ),
    '',
    'Commands:',
    ...COMMAND_FLAGS.flatMap(([flag, doc]) => [`  ${flag}`, ...wrap(doc, '      ')]),
  ];
  for (const { title, keys } of groups()) lines.push('', `${title}:`, ...keys.flatMap(helpEntry));
  return lines.join('\n') + '\n';
}
