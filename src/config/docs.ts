/**
 * Documentation generated from the schema: the Markdown reference (`--print-config-docs`,
 * docs/configuration.md) and the settings part of `--help`. Nothing here is written by hand per
 * key, so the docs cannot drift from what the loader accepts.
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
export function flagUsage(key: ConfigKey): string {
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
export function wrap(text: string, indent: string, width = 100): string[] {
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

/** The settings part of `--help`: every setting, grouped by section, with its variable and default. */
export function renderSettingsHelp(): string[] {
  return groups().flatMap(({ title, keys }) => ['', `${title}:`, ...keys.flatMap(helpEntry)]);
}
