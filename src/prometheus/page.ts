import type { OwnMetrics } from '../metrics/own.js';
import type { SkillNameMap } from '../skills/types.js';
import type { Snapshot } from '../snapshot.js';
import { Bodies, prepareTail, type Body, type Tail } from './body.js';
import { EMPTY_DATA, renderSkillInfo, renderSnapshot, renderSnapshotInSlices, type RenderedData } from './exposition.js';
import { ProcessMetrics } from './process-metrics.js';
import { CONTENT_TYPE, renderFamilies } from './text.js';

/** The last rendering of one data source, kept until the source hands out a different object. */
class Cached<K extends object> {
  private key: K | undefined;
  private part: RenderedData = EMPTY_DATA;

  constructor(private readonly render: (key: K) => RenderedData) {}

  get(key: K | undefined): RenderedData {
    if (key === undefined) return EMPTY_DATA;
    if (key !== this.key) this.set(key, this.render(key));
    return this.part;
  }

  /** The part served now (empty before the first). */
  get current(): RenderedData {
    return this.part;
  }

  /** Keeps a part rendered ahead of time for `key`. */
  set(key: K, part: RenderedData): void {
    this.key = key;
    this.part = part;
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

/**
 * What one scrape of /metrics is made of: the cached parts (the NHT data of the current snapshot,
 * then the skill names), each rendered once per change of its data; then the exporter's own
 * metrics, rendered again only after they changed, and the process metrics, read at most once a
 * second. A scrape that finds nothing changed writes the same buffers as the one before.
 */
export class MetricsPage {
  readonly contentType = CONTENT_TYPE;
  private readonly nht = new Cached(renderSnapshot);
  private readonly skillInfo: Cached<SkillNameMap>;
  /** Node.js process metrics (prom-client's defaults): on /metrics only, never pushed. */
  private readonly process: ProcessMetrics | undefined;
  private tail: { readonly changes: number; readonly process: string; readonly tail: Tail } | undefined;
  private readonly bodies = new Bodies();

  constructor(
    private readonly sources: PageSources,
    options: { processMetrics?: boolean } = {},
  ) {
    this.skillInfo = new Cached((names) => renderSkillInfo(sources.accountId, names));
    if (options.processMetrics ?? true) this.process = new ProcessMetrics();
  }

  /**
   * Renders a snapshot before the poller publishes it, in slices and compressing off the event
   * loop, so that neither the poll nor the first scrape after it holds scrapes up.
   */
  async prepare(snapshot: Snapshot): Promise<void> {
    this.nht.set(snapshot, await renderSnapshotInSlices(snapshot, this.nht.current.bytes.length));
  }

  /** The cached parts, NHT data first; renders a part whose data changed since the last call. */
  parts(): RenderedData[] {
    const names = this.sources.skillNames?.();
    return [this.nht.get(this.sources.snapshot()), ...(names ? [this.skillInfo.get(names)] : [])];
  }

  /** The per-scrape text: the exporter's own metrics, then the process metrics. */
  async own(): Promise<Tail> {
    const processText = (await this.process?.read()) ?? '';
    const changes = this.sources.own.changes;
    if (this.tail?.changes !== changes || this.tail.process !== processText) {
      const own = renderFamilies(this.sources.own.families());
      this.tail = { changes, process: processText, tail: prepareTail(this.process ? `${own}\n${processText}` : own) };
    }
    return this.tail.tail;
  }

  /** The whole page, plain and gzip, as the buffers to write. */
  async body(): Promise<{ readonly plain: Body; readonly gzip: Body }> {
    const tail = await this.own();
    return this.bodies.get(this.parts(), tail);
  }
}
