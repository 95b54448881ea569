import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Bodies, prepareTail, type Body } from '../../src/prometheus/body.js';
import { EMPTY_DATA, prepare, renderSnapshot, renderSnapshotInSlices, type RenderedData } from '../../src/prometheus/exposition.js';
import { pollWindow } from '../../src/poll/schedule.js';
import { translate } from '../../src/translate/translate.js';

const bytes = (body: Body) => Buffer.concat(body.chunks);
const gzipBody = (parts: RenderedData[], own: string) => bytes(new Bodies().get(parts, prepareTail(own)).gzip);
const plainBody = (parts: RenderedData[], own: string) => bytes(new Bodies().get(parts, prepareTail(own)).plain);

describe('the cached exposition', () => {
  it('gzips the cached data and the per-scrape text into one gzip member that decodes to the plain body', () => {
    const data = prepare('# HELP a x\n# TYPE a gauge\n' + 'a{skill_id="1"} 1\n'.repeat(5000));
    const own = '# HELP b y\n# TYPE b gauge\nb 2\n';
    const gz = gzipBody([data], own);
    expect(gunzipSync(gz).toString('utf8')).toBe(plainBody([data], own).toString('utf8'));
    // A single member: the header appears once.
    expect(gz.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 1)).toBe(-1);
    expect(gz.length).toBeLessThan(plainBody([data], own).length / 10);
  });

  it('splices several cached parts, each rendered once, into one gzip member', () => {
    const parts = [prepare('a 1\n'.repeat(1000)), prepare('b{x="y"} 1\n'), EMPTY_DATA, prepare('c 3\n')];
    expect(gunzipSync(gzipBody(parts, 'own 1\n')).toString()).toBe('a 1\n'.repeat(1000) + 'b{x="y"} 1\nc 3\nown 1\n');
  });

  it('decodes with empty data before the first poll, and with non-ASCII text', () => {
    expect(gunzipSync(gzipBody([EMPTY_DATA], 'x 1\n')).toString()).toBe('x 1\n');
    expect(gunzipSync(gzipBody([], 'x 1\n')).toString()).toBe('x 1\n');
    const data = prepare('a{name="Facturación – ES"} 1\n');
    expect(gunzipSync(gzipBody([data], 'é 1\n')).toString()).toBe('a{name="Facturación – ES"} 1\né 1\n');
  });

  it('gives each body its exact length, and builds it again only when a part or the tail is a new object', () => {
    const bodies = new Bodies();
    const parts = [prepare('a 1\n'.repeat(100)), prepare('b 2\n')];
    const tail = prepareTail('own 1\n');
    const first = bodies.get(parts, tail);
    expect(first.plain.length).toBe(bytes(first.plain).length);
    expect(first.gzip.length).toBe(bytes(first.gzip).length);
    expect(bodies.get([...parts], tail)).toBe(first);
    const next = bodies.get(parts, prepareTail('own 2\n'));
    expect(next).not.toBe(first);
    expect(gunzipSync(bytes(next.gzip)).toString()).toBe('a 1\n'.repeat(100) + 'b 2\nown 2\n');
    // Small bodies are one buffer; larger ones are the cached parts as they are, not copied.
    expect(next.plain.chunks).toHaveLength(1);
    expect(next.gzip.chunks).toHaveLength(1);
    const large = new Bodies(100).get(parts, tail);
    expect(large.plain.chunks[0]).toBe(parts[0]!.bytes);
    expect(large.plain.length).toBe(bytes(large.plain).length);
    expect(gunzipSync(bytes(large.gzip)).toString()).toBe('a 1\n'.repeat(100) + 'b 2\nown 1\n');
  });

  it('renders in slices exactly the text it renders in one go', async () => {
    const window = pollWindow(Date.UTC(2026, 10, 25, 10, 20), 60_000);
    const records = Array.from({ length: 3000 }, (_, i) => ({
      skillId: String(100 + i),
      buckets: [{ start: window.quarterStart, values: { arrivals: i, avgTimeInQueue: i / 7 } }],
    }));
    const t = translate(records, window);
    const snapshot = { accountId: '123', window, completedAt: 0, series: t.series, skills: t.skills };
    const sliced = await renderSnapshotInSlices(snapshot);
    const whole = renderSnapshot(snapshot);
    expect(sliced.bytes.equals(whole.bytes)).toBe(true);
    expect(sliced.crc).toBe(whole.crc);
    expect(gunzipSync(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), sliced.deflated, prepareTail('').deflated, trailer(sliced)])).equals(whole.bytes)).toBe(true);
  });

  it('renders a snapshot as gauges labelled with account and skill, -1 values absent', async () => {
    const window = pollWindow(Date.UTC(2026, 10, 25, 10, 20), 60_000);
    const t = translate(
      [
        { skillId: '2', buckets: [{ start: window.quarterStart, values: { arrivals: 5, avgTimeInQueue: -1 } }] },
        { skillId: '1', buckets: [{ start: window.quarterStart, values: { arrivals: 0, avgTimeInQueue: 12.25 } }] },
      ],
      window,
    );
    const r = await renderSnapshot({ accountId: '123', window, completedAt: 0, series: t.series, skills: t.skills });
    expect(r.text).toContain('liveperson_nht_arrivals{account_id="123",skill_id="1"} 0\n');
    expect(r.text).toContain('liveperson_nht_arrivals{account_id="123",skill_id="2"} 5\n');
    expect(r.text).toContain('liveperson_nht_avg_time_in_queue_seconds{account_id="123",skill_id="1"} 12.25\n');
    expect(r.text).not.toContain('skill_id="2"} -1');
    expect(r.text).not.toMatch(/avg_time_in_queue_seconds\{[^}]*skill_id="2"/);
  });
});

function trailer(data: RenderedData): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(data.crc, 0);
  out.writeUInt32LE(data.bytes.length, 4);
  return out;
}
