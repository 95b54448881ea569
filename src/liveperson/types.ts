/**
 * The nine NHT fields, in the camelCase spelling of the API page's example.
 * Responses may also spell some of them in PascalCase; the parser folds both to these names.
 */
export const NHT_FIELDS = [
  'arrivals',
  'avgTimeInQueue',
  'totalAgentSegmentDuration',
  'avgAgentSegmentDuration',
  'avgAvailableLoad',
  'messagesSent',
  'handledSegments',
  'avgSegmentWorkTime',
  'netHandleTime',
] as const;

export type NhtField = (typeof NHT_FIELDS)[number];

/** One bucket of one skill, as parsed from the API: values are left as received (unknown) for the translator to judge. */
export interface NhtBucket {
  /** Interval start, epoch milliseconds. */
  readonly start: number;
  /**
   * The NHT fields by their NHT_FIELDS name. Other keys the API sent with the bucket may be there
   * too (a bucket carrying all nine fields in that spelling is its own values): nothing reads them.
   */
  readonly values: Readonly<Partial<Record<NhtField, unknown>>>;
}

export interface SkillRecord {
  readonly skillId: string;
  readonly buckets: readonly NhtBucket[];
}

/** One parsed page of the v2 response. */
export interface NhtPage {
  /** `_metadata.count`: the number of skills the whole query returns. */
  readonly count: number;
  readonly skills: readonly SkillRecord[];
}

/** The request window of one poll and the two intervals whose values it reports. */
/** The bounds of one NHT request, epoch ms: any range of whole 15-minute intervals. */
export interface TimeRange {
  readonly fromMillis: number;
  readonly toMillis: number;
}

export interface PollWindow extends TimeRange {
  /** Start of the latest completed 15-minute interval, epoch ms. */
  readonly quarterStart: number;
  /** Start of the latest completed hour, epoch ms. */
  readonly hourStart: number;
  // Request bounds: fromMillis = hourStart, toMillis = quarterStart + 15 min.
}

export const QUARTER_MS = 15 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
