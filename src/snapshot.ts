import type { PollWindow } from './liveperson/types.js';
import type { MetricSamples } from './translate/translate.js';

/** The result of one successful poll. Immutable: a new poll builds a new one and swaps it in. */
export interface Snapshot {
  readonly accountId: string;
  readonly window: PollWindow;
  /** When the poll finished, epoch ms. */
  readonly completedAt: number;
  readonly series: readonly MetricSamples[];
  readonly skills: readonly string[];
}
