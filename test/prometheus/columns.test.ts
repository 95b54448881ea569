import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nhtFamily } from '../../src/metrics/nht.js';
import { renderBytesSteps, renderColumnsSteps } from '../../src/prometheus/text.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import type { MetricSamples } from '../../src/translate/translate.js';

/** The bytes a rendering gives, and how often it let the event loop in. */
function run(steps: Generator<void, Buffer>): { text: string; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { text: step.value.toString('utf8'), pauses };
    pauses += 1;
  }
}

/** What /metrics rendered the columns as before: a family of points per column. */
const viaFamilies = (accountId: string, columns: readonly MetricSamples[], sizeHint = 0) =>
  run(renderBytesSteps(columns.map((samples) => nhtFamily(accountId, samples)), sizeHint));

const viaColumns = (accountId: string, columns: readonly MetricSamples[], sizeHint = 0) => run(renderColumnsSteps(accountId, columns, sizeHint));

/** Text with the characters a label value must escape, and some that take several UTF-8 bytes. */
const awkward = fc.string({ unit: fc.constantFrom('1', 'a', '"', '\\', '\n', 'é', '–', '😀', '\u0000', ' '), maxLength: 8 });
const id = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^\d{1,19}$/) }, { weight: 1, arbitrary: awkward });
const value = fc.oneof(
  fc.double(),
  fc.nat(),
  fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 123456789.125, NaN, Infinity, -Infinity),
);
const column = fc.record({
  metric: fc.constantFrom(...NHT_METRICS),
  series: fc.array(fc.tuple(id, value), { maxLength: 30 }),
}).map(({ metric, series }): MetricSamples => ({ metric, skillIds: series.map(([skillId]) => skillId), values: Float64Array.from(series, ([, v]) => v) }));

describe('the NHT gauges rendered from the snapshot columns', () => {
  it('are byte for byte what the families of points render, escapes, values and empty columns included', () => {
    fc.assert(
      fc.property(id, fc.array(column, { maxLength: 10 }), fc.constantFrom(0, 1 << 20), (accountId, columns, sizeHint) => {
        expect(viaColumns(accountId, columns, sizeHint)).toEqual(viaFamilies(accountId, columns, sizeHint));
      }),
      { numRuns: 300 },
    );
  });

  it('pause every 1,000 series as the families do, and lose no byte wherever the buffer has to grow', () => {
    // Columns of 2,500 series down to none, 1,000 and 999 among them; 19-digit ids; about 1 MB.
    const lengths = [2_500, 2_000, 1_999, 1_000, 999, 1, 0, 1_500, 750];
    const columns = NHT_METRICS.map((metric, k): MetricSamples => {
      const skillIds = Array.from({ length: lengths[k]! }, (_, i) => String(1_000_000_000_000_000_000n + BigInt(i * 7919)));
      return { metric, skillIds, values: Float64Array.from(skillIds, (_, i) => i / 7) };
    });
    const accountId = 'Acme "EU"\\\n';
    const expected = viaFamilies(accountId, columns);
    expect(expected.pauses).toBe(7);
    // Hints a line's length apart end the first buffer on every byte of a line: in a prefix, an id, a value.
    const lineLength = expected.text.split('\n')[2]!.length + 1;
    for (let hint = 0; hint <= lineLength; hint++) expect(viaColumns(accountId, columns, hint)).toEqual(expected);
  });
});
