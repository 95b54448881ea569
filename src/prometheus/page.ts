/**
 * What one scrape of /metrics is made of: the cached parts (the NHT data of the current snapshot,
 * then the skill names), each rendered once per change of its data and found again by the
 * identity of that data; then the exporter's own metrics and the process metrics, rendered per
 * scrape because they are small and change all the time.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { OwnMetrics } from '../metrics/own.js';
import type { SkillNameMap } from '../skills/types.js';
import type { Snapshot } from '../snapshot.js';
import { EMPTY_DATA, renderSkillInfo, renderSnapshot, type RenderedData } from './exposition.js';
import { CONTENT_TYPE, renderFamilies } from './text.js';

/** The last rendering of one data source, kept until the source hands out a different object. */
class Cached<K extends object> {
  private key: K | undefined;
  private part: RenderedData = EMPTY_DATA;

  constructor(private readonly render: (key: K) => RenderedData) {}

  get(key: K | undefined): RenderedData {
    if (key === undefined) return EMPTY_DATA;
    if (key !== this.key) {
      this.part = this.render(key);
      this.key = key;
    }
    return this.part;
  }
}

export interface PageSources {
  readonly accountId: string;
  /** The last published snapshot; undefined before the first successful poll. */
  snapshot(): Snapshot | undefined;
  /** The known skill names, when they are on; replaced as a whole on every change. */
  skillNames?(): SkillNameMap;
  readonly own: OwnMetrics;
}

export class MetricsPage {
  readonly contentType = CONTENT_TYPE;
  private readonly nht = new Cached(renderSnapshot);
  private readonly skillInfo: Cached<SkillNameMap>;
  /** Node.js process metrics (prom-client's defaults): on /metrics only, never pushed. */
  private readonly process: Registry | undefined;

  constructor(
    private readonly sources: PageSources,
    options: { processMetrics?: boolean } = {},
  ) {
    this.skillInfo = new Cached((names) => renderSkillInfo(sources.accountId, names));
    if (options.processMetrics ?? true) {
      this.process = new Registry();
      collectDefaultMetrics({ register: this.process });
      // These three are gauges named like counters; `promtool check metrics` rightly objects.
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
        this.process.removeSingleMetric(name);
    }
  }

  /** Renders what changed since the last scrape now, so that no scrape pays for it: called when a poll publishes. */
  refresh(): void {
    this.parts();
  }

  /** The cached parts, NHT data first; renders a part whose data changed since the last call. */
  parts(): RenderedData[] {
    const names = this.sources.skillNames?.();
    return [this.nht.get(this.sources.snapshot()), ...(names ? [this.skillInfo.get(names)] : [])];
  }

  /** The per-scrape text: the exporter's own metrics, then the process metrics. */
  async own(): Promise<string> {
    const own = renderFamilies(this.sources.own.families());
    return this.process ? `${own}\n${await this.process.metrics()}` : own;
  }
}
