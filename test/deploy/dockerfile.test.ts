import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format, validate, ValidationSeverity } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporter, type Exporter } from '../../src/app.js';
import { configKeys, loadConfig } from '../../src/config/index.js';
import { dockerIgnores, instructions, pairs, stages, type Stage } from './dockerfile.js';
import { readText, ROOT } from './support.js';

const dockerfile = readText(join(ROOT, 'Dockerfile'));
const dockerignore = readText(join(ROOT, '.dockerignore'));
const pkg = JSON.parse(readText(join(ROOT, 'package.json'))) as {
  main: string;
  version: string;
  license: string;
  description: string;
  dependencies: Record<string, string>;
};
const all = stages(dockerfile);
const runtime = all.at(-1)!;
const args = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** Every rule of the linter raised to an error: a warning fails the test as well. */
const STRICT = Object.fromEntries(
  [
    'deprecatedMaintainer', 'directiveCasing', 'emptyContinuationLine', 'instructionCasing', 'instructionCmdMultiple',
    'instructionEntrypointMultiple', 'instructionHealthcheckMultiple', 'instructionJSONInSingleQuotes', 'instructionWorkdirRelative',
  ].map((k) => [k, ValidationSeverity.ERROR]),
);

describe('the Dockerfile', () => {
  it('passes dockerfile-utils lint with every rule as an error', () => {
    expect(validate(dockerfile, STRICT)).toEqual([]);
  });

  it('is formatted as dockerfile-utils formats it', () => {
    expect(format(dockerfile, { tabSize: 2, insertSpaces: true })).toEqual([]);
  });

  it('would fail the lint if it were broken (the linter is really checking)', () => {
    const broken = dockerfile.replace('EXPOSE 9818', 'EXPOSE http').replace('WORKDIR /app', 'WORKDIR app');
    const messages = validate(broken, STRICT).map((d) => d.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/containerPort/i), expect.stringMatching(/absolute/i)]));
  });

  it('builds in Node 24 stages and runs on distroless Node.js 24', () => {
    expect(all.map((s) => [s.name, s.from])).toEqual([
      ['deps', 'node:24-bookworm-slim'],
      ['build', 'node:24-bookworm-slim'],
      ['compile-cache', 'gcr.io/distroless/nodejs24-debian12:nonroot'],
      [undefined, 'gcr.io/distroless/nodejs24-debian12:nonroot'],
    ]);
    expect(args(all[0]!, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    expect(args(all[1]!, 'RUN').join('\n')).toMatch(/npm run build/);
  });

  it('sizes the garbage collector in the runtime stage, as the benchmarks run the exporter (test/bench reads this line)', async () => {
    const env = args(runtime, 'ENV').join('\n');
    const options = /^NODE_OPTIONS="([^"]*)"$/m.exec(env)?.[1];
    expect(options).toMatch(/(^| )--max-old-space-size=\d+( |$)/);
    expect(options).toMatch(/(^| )--max-semi-space-size=\d+( |$)/);
    // A plain-JavaScript benchmark module without type declarations: imported by a path in a variable.
    const benchLib: string = '../bench/lib/processes.mjs';
    const { IMAGE_NODE_OPTIONS, IMAGE_MALLOC_ENV } = (await import(benchLib)) as { IMAGE_NODE_OPTIONS: string; IMAGE_MALLOC_ENV: Record<string, string> };
    expect(IMAGE_NODE_OPTIONS).toBe(options);
    // Large blocks in mappings of their own, so that freed pages of /metrics leave the process.
    expect(/^MALLOC_MMAP_THRESHOLD_=(\d+)$/m.exec(env)?.[1]).toBe('131072');
    expect(IMAGE_MALLOC_ENV).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
  });

  it('ships only the production dependencies, the build, package.json and the compile cache, and runs nothing at build time in the runtime stage', () => {
    expect(args(runtime, 'RUN')).toEqual([]);
    expect(args(runtime, 'COPY')).toEqual([
      'package.json ./',
      '--from=deps /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
      '--from=compile-cache /tmp/node-compile-cache ./node-compile-cache',
    ]);
  });

  it('writes the compile cache as the runtime user, with the runtime paths, and points Node at it', () => {
    const cache = all.find((s) => s.name === 'compile-cache')!;
    // Node keeps one cache per user: written as another user, it would never be read.
    expect(args(cache, 'USER')).toEqual(args(runtime, 'USER'));
    expect(args(cache, 'WORKDIR')).toEqual(args(runtime, 'WORKDIR'));
    expect(args(cache, 'COPY')).toEqual(args(runtime, 'COPY').slice(0, 3));
    expect(args(cache, 'ENV')).toEqual(['NODE_COMPILE_CACHE=/tmp/node-compile-cache']);
    expect(JSON.parse(args(cache, 'RUN')[0]!)).toEqual(['/nodejs/bin/node', `/app/${pkg.main}`, '--version']);
    expect(args(runtime, 'ENV')).toContain('NODE_COMPILE_CACHE=/app/node-compile-cache');
  });

  it('runs as a numeric non-root user, so that Kubernetes runAsNonRoot can check it', () => {
    const users = args(runtime, 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = users[0]!.split(':').map(Number);
    expect(uid).toBe(65532);
    expect(gid).toBe(65532);
  });

  it('exposes the default port and starts the exporter with node as PID 1 (exec form), taking flags as arguments', () => {
    const defaultPort = configKeys().find((k) => k.path === 'server.port')!.default;
    expect(args(runtime, 'EXPOSE')).toEqual([String(defaultPort)]);
    const entrypoint = JSON.parse(args(runtime, 'ENTRYPOINT')[0]!) as string[];
    expect(entrypoint[0]).toBe('/nodejs/bin/node');
    expect(entrypoint.at(-1)).toBe(`/app/${pkg.main}`);
    expect(args(runtime, 'CMD')).toEqual([]);
    expect(args(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  it('carries OCI labels that agree with package.json', () => {
    const labels = pairs(args(runtime, 'LABEL').join(' '));
    const argDefaults = pairs(args(runtime, 'ARG').join(' '));
    expect(labels.get('org.opencontainers.image.title')).toBe('liveperson-nht-exporter');
    expect(labels.get('org.opencontainers.image.description')).toBe(pkg.description);
    expect(labels.get('org.opencontainers.image.licenses')).toBe(pkg.license);
    expect(labels.get('org.opencontainers.image.version')).toBe('${VERSION}');
    expect(argDefaults.get('VERSION')).toBe(pkg.version);
    for (const name of ['revision', 'created', 'base.name']) expect(labels.has(`org.opencontainers.image.${name}`)).toBe(true);
  });
});

describe('the build context', () => {
  const sources = instructions(dockerfile)
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
    .flatMap((i) => i.args.split(/\s+/).slice(0, -1));

  it('holds every file the Dockerfile copies, and each exists', () => {
    expect(new Set(sources)).toEqual(new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']));
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(dockerIgnores(dockerignore, source), source).toBe(false);
    }
    for (const file of readdirSync(join(ROOT, 'src'))) expect(dockerIgnores(dockerignore, `src/${file}`), file).toBe(false);
  });

  it('leaves out local builds, dependencies, git, tests and secrets', () => {
    for (const path of ['node_modules/undici/index.js', 'dist/main.js', '.git/config', 'test/deploy/support.ts', '.env', 'deploy/docker-compose.yml', '.tmp/x']) {
      expect(dockerIgnores(dockerignore, path), path).toBe(true);
    }
  });
});

describe('what the image runs', () => {
  it('needs only production dependencies: the code imports no dev dependency', () => {
    const imported = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          for (const m of readText(path).matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) imported.add(m[1]!);
          for (const m of readText(path).matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) imported.add(m[1]!);
        }
      }
    };
    walk(join(ROOT, 'src'));
    const packages = [...imported]
      .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))
      .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    expect(packages.length).toBeGreaterThan(3);
    for (const name of new Set(packages)) expect(Object.keys(pkg.dependencies), `${name} is imported by src/ but not a production dependency`).toContain(name);
  });
});

describe('the image HEALTHCHECK (node, since distroless has no shell or curl)', () => {
  const healthcheck = args(runtime, 'HEALTHCHECK')[0]!;
  const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim()) as string[];
  let exporter: Exporter;

  /** A demo exporter on a free port of 127.0.0.1. */
  function startDemo(): Promise<Exporter> {
    const loaded = loadConfig(['--demo'], { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', SIM_SKILLS: '3' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    return startExporter(loaded.config);
  }

  beforeAll(async () => {
    exporter = await startDemo();
  });
  afterAll(() => exporter?.stop());

  /** Runs the HEALTHCHECK command with this machine's node in place of the image's. */
  function check(port: number): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, command.slice(1), { env: { PORT: String(port) }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill(), 10_000);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  it('is in exec form and checks /healthz on PORT', () => {
    expect(healthcheck).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
    expect(command[0]).toBe('/nodejs/bin/node');
    expect(command.join(' ')).toContain('/healthz');
  });

  it('passes while the exporter answers', async () => {
    expect(await check(exporter.port)).toBe(0);
  });

  it('fails when nothing answers on the port', async () => {
    const stopped = await startDemo();
    const port = stopped.port;
    await stopped.stop();
    expect(await check(port)).toBe(1);
  });
});
