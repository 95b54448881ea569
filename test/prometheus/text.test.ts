import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../src/metrics/family.js';
import { runAtOnce } from '../../src/slices.js';
import { renderBytesSteps, renderFamilies } from '../../src/prometheus/text.js';

const HELP = 'Odd help: a back\\slash and a\nline break';

/** The same data through prom-client, the library /metrics was rendered with before. */
async function viaPromClient(): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const g = new Gauge({ name: 'x_gauge', help: HELP, labelNames: ['skill_name', 'deleted'], registers });
  g.set({ skill_name: 'Tech "Tier 2" \\ Support\nnew line', deleted: 'false' }, 0.1 + 0.2);
  g.set({ skill_name: 'Facturación – ES', deleted: 'true' }, Infinity);
  g.set({ skill_name: 'far', deleted: 'true' }, -Infinity);
  const c = new Counter({ name: 'x_total', help: 'c', labelNames: ['api'], registers });
  c.inc({ api: 'nht' }, 0);
  c.inc({ api: 'token' }, 1e21);
  const h = new Histogram({ name: 'x_seconds', help: 'h', buckets: [0.25, 1], labelNames: ['api'], registers });
  for (const v of [0.1, 0.5, 3]) h.observe({ api: 'nht' }, v);
  new Counter({ name: 'x_empty_total', help: 'nothing yet', registers });
  new Gauge({ name: 'x_unset', help: 'labelled, nothing set', labelNames: ['a'], registers });
  return registry.metrics();
}

const FAMILIES: Family[] = [
  {
    def: { name: 'x_gauge', otelName: 'x.gauge', otelUnit: '', help: HELP, type: 'gauge', labels: ['skill_name', 'deleted'] },
    points: [
      { labels: { skill_name: 'Tech "Tier 2" \\ Support\nnew line', deleted: 'false' }, value: 0.1 + 0.2 },
      { labels: { skill_name: 'Facturación – ES', deleted: 'true' }, value: Infinity },
      { labels: { skill_name: 'far', deleted: 'true' }, value: -Infinity },
    ],
  },
  {
    def: { name: 'x_total', otelName: 'x', otelUnit: '', help: 'c', type: 'counter', labels: ['api'] },
    points: [{ labels: { api: 'nht' }, value: 0 }, { labels: { api: 'token' }, value: 1e21 }],
  },
  {
    def: { name: 'x_seconds', otelName: 'x', otelUnit: 's', help: 'h', type: 'histogram', labels: ['api'], buckets: [0.25, 1] },
    points: [{ labels: { api: 'nht' }, cumulative: [1, 2], sum: 3.6, count: 3 }],
  },
  { def: { name: 'x_empty_total', otelName: 'x.empty', otelUnit: '', help: 'nothing yet', type: 'counter', labels: [] }, points: [{ labels: {}, value: 0 }] },
  { def: { name: 'x_unset', otelName: 'x.unset', otelUnit: '', help: 'labelled, nothing set', type: 'gauge', labels: ['a'] }, points: [] },
];

describe('the text exposition of families', () => {
  it('is what prom-client writes for the same data, escapes, infinities, histograms and empty families included', async () => {
    expect(renderFamilies(FAMILIES)).toBe(await viaPromClient());
  });

  it('spells NaN as the format does (prom-client writes "Nan")', () => {
    const nan: Family = { def: { name: 'x', otelName: 'x', otelUnit: '', help: 'h', type: 'gauge', labels: [] }, points: [{ labels: {}, value: NaN }] };
    expect(renderFamilies([nan])).toBe('# HELP x h\n# TYPE x gauge\nx NaN\n');
  });

  it('is nothing at all for no families, so an empty part adds no stray line', () => {
    expect(renderFamilies([])).toBe('');
  });

  it('gives the same text as bytes whatever the size hint: too small (the buffer grows), right, or far too large (trimmed)', () => {
    // 2,500 series of multi-byte label values: several slices, each longer in bytes than in characters.
    const many: Family = {
      def: { name: 'x_many', otelName: 'x.many', otelUnit: '', help: 'many', type: 'gauge', labels: ['skill_name'] },
      points: Array.from({ length: 2_500 }, (_, i) => ({ labels: { skill_name: `Facturación – ${i}` }, value: i / 7 })),
    };
    const families = [...FAMILIES, many];
    const text = renderFamilies(families);
    const size = Buffer.byteLength(text);
    for (const hint of [0, size, 100 * size]) {
      const bytes = runAtOnce(renderBytesSteps(families, hint));
      expect(bytes.toString('utf8')).toBe(text);
      expect(bytes.buffer.byteLength).toBeLessThan(size + 1024 * 1024);
    }
  });
});
