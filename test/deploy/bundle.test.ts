import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

// `npm run build` bundles dist/main.js with esbuild (package.json): what `npm start`, the bin and
// the image run. These read the build that `npm test` makes first.
const dist = join(ROOT, 'dist');
const bundleFiles = ['main.js', ...readdirSync(dist).filter((f) => /^chunk-.*\.js$/.test(f))];
const relativeImports = (file: string): string[] =>
  [...readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import\()\s*["'](\.[^"']+)["']/g)].map((m) => m[1]!);

describe('the bundle that dist/main.js is', () => {
  it('imports only its own chunks, never a module of tsc\'s output, and the dependencies from node_modules', () => {
    const imported = bundleFiles.flatMap(relativeImports);
    expect(imported.length).toBeGreaterThan(0);
    for (const path of imported) expect(path).toMatch(/^\.\/chunk-[A-Z0-9]+\.js$/);
  });

  it('maps its code back to the TypeScript source, so that stack traces under --enable-source-maps name src/ files and lines', () => {
    const text = 'rendering /metrics failed';
    const file = bundleFiles.find((f) => readFileSync(join(dist, f), 'utf8').includes(text))!;
    expect(file).toBeDefined();
    const lines = readFileSync(join(dist, file), 'utf8').split('\n');
    expect(lines.at(-2)).toBe(`//# sourceMappingURL=${file}.map`);
    // Node's own reader of source maps, as --enable-source-maps uses it.
    const map = new SourceMap(JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as SourceMapPayload);
    const line = lines.findIndex((l) => l.includes(text));
    const entry = map.findEntry(line, lines[line]!.indexOf(text)) as { originalSource?: string; originalLine?: number };
    const source = readFileSync(join(ROOT, 'src', 'server', 'routes.ts'), 'utf8').split('\n');
    expect(entry.originalSource).toMatch(/\/src\/server\/routes\.ts$/);
    expect(source[entry.originalLine!]).toContain(text);
  });
});
