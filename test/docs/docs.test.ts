import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeys, renderConfigReference } from '../../src/config/index.js';
import { COMMANDS, optionsOf } from '../../src/cli/index.js';
import { BACKFILL_OPTIONS } from '../../src/backfill/options.js';
import { SDK_ENV } from '../../src/otlp/exporters.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { anchors, docFiles, linkTargets, read, ROOT } from './markdown.js';

/** Flags of other programs the docs show in their commands, each with the program it belongs to. */
const FOREIGN_FLAGS: Readonly<Record<string, string>> = {
  '--build': 'docker compose',
  '--build-arg': 'docker build',
  '--rm': 'docker run',
  '--init': 'docker run',
  '--from-file': 'kubectl create secret',
  '--from-literal': 'kubectl create secret generic',
  '--cert': 'kubectl create secret tls',
  '--key': 'kubectl create secret tls, mimirtool backfill',
  '--omit': 'npm ci',
  '--web.enable-remote-write-receiver': 'prometheus',
  '--web.enable-otlp-receiver': 'prometheus',
  '--web.enable-lifecycle': 'prometheus',
  '--max-old-space-size': 'node',
  '--max-semi-space-size': 'node',
  '--trace-gc': 'node (V8), to read the live heap after each full collection',
  '--cpu-prof': 'node, a CPU profile of a benchmark run',
  '--cpu-prof-dir': 'node, a CPU profile of a benchmark run',
  '--require': 'node, a memory probe preloaded into a benchmark run',
  '--only': 'test/bench/run.mjs',
  '--polls': 'test/bench/memory.mjs',
  '--node-options': 'test/bench/memory.mjs',
  '--weeks': 'test/bench/backfill.mjs',
  '--text': 'test/bench/backfill.mjs',
  '--optimize-for-size': 'node (V8), set by the backfill command itself',
  '--enable-source-maps': "node, in the image's ENTRYPOINT",
  '--packages': 'esbuild, in npm run build',
  '--max-block-duration': 'promtool tsdb create-blocks-from openmetrics',
  '--storage.tsdb.path': 'prometheus',
  '--storage.tsdb.retention.time': 'prometheus',
  '--storage.tsdb.allow-overlapping-blocks': 'prometheus',
  '--web.enable-admin-api': 'prometheus',
  '--address': 'mimirtool backfill',
  '--id': 'mimirtool backfill',
  // Misspelt on purpose: the docs show the error a typo gets.
  '--chek-config': 'an example of a typo',
};

/** Every flag the exporter accepts, read from each subcommand's option table, and the foreign ones above. */
function knownFlags(): Set<string> {
  const ours = COMMANDS.flatMap((c) => {
    const { own, settings } = optionsOf(c);
    return [...own, ...settings].map((o) => `--${o.name}`);
  });
  return new Set([...ours, ...Object.keys(FOREIGN_FLAGS)]);
}

/** Every environment variable the exporter or its OpenTelemetry SDK reads. */
function knownEnv(): Set<string> {
  return new Set([...configKeys().flatMap((k) => (k.fileEnv ? [k.env, k.fileEnv] : [k.env])), ...SDK_ENV]);
}

const pages = docFiles();

describe('the docs', () => {
  it.each(pages)('%s: every relative link and anchor resolves', (file) => {
    const broken: string[] = [];
    for (const target of linkTargets(read(file))) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto: ...
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : normalize(join(dirname(file), path));
      if (!existsSync(join(ROOT, resolved))) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!resolved.endsWith('.md') || statSync(join(ROOT, resolved)).isDirectory()) broken.push(`${target}: an anchor into a file that is not Markdown`);
      else if (!anchors(read(resolved)).has(anchor)) broken.push(`${target}: ${resolved} has no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(pages)('%s: names only environment variables the exporter or its SDK reads', (file) => {
    const named = read(file).match(/\b(?:LP|NHT|OTEL|SIM|LOG)_[A-Z0-9_]*[A-Z0-9]\b|(?<=`)(?:HOST|PORT)(?=[`=])/g) ?? [];
    const known = knownEnv();
    expect([...new Set(named)].filter((env) => !known.has(env))).toEqual([]);
  });

  it.each(pages)('%s: names only flags that exist', (file) => {
    const named = read(file).match(/(?<![\w-])--[a-z][a-z0-9.-]*[a-z0-9]/g) ?? [];
    const known = knownFlags();
    expect([...new Set(named)].filter((flag) => !known.has(flag))).toEqual([]);
  });

  it('docs/history.md documents every backfill option, with the value it takes', () => {
    const page = read('docs/history.md');
    expect(BACKFILL_OPTIONS.filter((o) => !page.includes(`| \`--${o.name} ${o.value}\` |`)).map((o) => o.name)).toEqual([]);
  });

  it('the checks would catch a made-up variable, flag or anchor', () => {
    expect(knownEnv().has('LP_ACCOUNT_IDS')).toBe(false);
    expect(knownFlags().has('--acount-id')).toBe(false);
    expect(anchors('# Skill names\n## Privilege needed\n').has('privilege-needed')).toBe(true);
    expect(anchors('```\n# not a heading\n```\n').size).toBe(0);
  });
});

describe('docs/configuration.md', () => {
  const page = read('docs/configuration.md');

  it('carries the reference generated from the schema (npm run docs:config rewrites it)', () => {
    expect(page).toContain('\n' + renderConfigReference().trim() + '\n');
  });

  it('is the only page with a settings table: each setting is documented in one place', () => {
    for (const file of pages.filter((f) => f !== 'docs/configuration.md')) {
      for (const key of configKeys()) expect(read(file), `${file} repeats ${key.path}`).not.toContain(`| \`${key.path}\` |`);
      for (const key of configKeys()) expect(read(file), `${file} repeats ${key.env}`).not.toMatch(new RegExp(`^\\| \`${key.env}\``, 'm'));
    }
  });
});

describe('the README', () => {
  const readme = read('README.md');
  const lines = readme.split('\n');

  it('opens with the two commands: run and test', () => {
    const firstScreen = lines.slice(0, 20).join('\n');
    expect(firstScreen).toContain('npm ci && npm run demo');
    expect(firstScreen).toContain('npm ci && npm test');
  });

  it('is a front page of about 200 lines', () => {
    expect(lines.length).toBeLessThanOrEqual(220);
  });

  it('lists every NHT metric with its API field, and no other page repeats that table', () => {
    for (const m of NHT_METRICS) {
      const row = new RegExp(`\\| \`${m.name}\` \\| [^|]+ \\| \`${m.field}\` \\|`);
      expect(readme).toMatch(row);
      for (const file of pages.filter((f) => f !== 'README.md')) expect(read(file), file).not.toMatch(row);
    }
  });

  it('links every page of docs/', () => {
    for (const file of pages.filter((f) => f !== 'README.md')) expect(readme).toContain(`](${file})`);
  });
});

describe('the request-rate table', () => {
  it('appears once in all the docs', () => {
    const count = pages.filter((f) => /\| Skills \| Requests per poll \|/.test(read(f))).length;
    expect(count).toBe(1);
  });
});
