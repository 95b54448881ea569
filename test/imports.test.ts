import { join } from 'node:path';
import { parseCircular, parseDependencyTree, shortenTree, type DependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

// The import graph of src/, type-only imports included (a cycle through types is still a knot a
// reader has to untie), read by dpdm.
const root = join(import.meta.dirname, '..');
let tree: DependencyTree;

beforeAll(async () => {
  const full = await parseDependencyTree('src/**/*.ts', { context: root, cwd: root, transform: false });
  tree = shortenTree(root, full);
}, 60_000);

/** Every import inside src/ as "from -> to". */
function edges(): string[] {
  return Object.entries(tree).flatMap(([from, deps]) =>
    (deps ?? []).filter((d) => d.id?.startsWith('src/')).map((d) => `${from} -> ${d.id}`),
  );
}

describe('the import graph of src/', () => {
  it('is read whole: the checker sees the exporter wiring the poller', () => {
    expect(Object.keys(tree).filter((f) => f.startsWith('src/')).length).toBeGreaterThan(50);
    expect(edges()).toContain('src/app.ts -> src/poll/poller.ts');
  });

  it('has no import cycles', () => {
    expect(parseCircular(tree).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('flows one way: polling knows nothing of Prometheus or OTLP, and the LivePerson client nothing of what uses it', () => {
    const against = (from: string, to: readonly string[]) =>
      edges().filter((e) => {
        const [issuer, target] = e.split(' -> ') as [string, string];
        return issuer.startsWith(from) && to.some((t) => target.startsWith(t));
      });
    expect(against('src/poll/', ['src/prometheus/', 'src/otlp/'])).toEqual([]);
    expect(against('src/liveperson/', ['src/poll/', 'src/prometheus/', 'src/otlp/', 'src/server/', 'src/skills/', 'src/metrics/'])).toEqual([]);
  });
});
