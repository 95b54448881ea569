/**
 * The simulator's data model: what LivePerson would report for one skill and one bucket.
 * Pure functions of (seed, skillId, time, interval, now), exported so tests can compute the values
 * they expect instead of copying numbers.
 *
 * Model: 15-minute "quarters" carry the four quarter metrics (arrivals, queue time, closed segment
 * durations); hours carry the five "60 minutes metrics", replicated into every bucket of their hour
 * as the API page says. 30- and 60-minute buckets aggregate their quarters (counts and totals
 * summed, averages re-weighted from the summed totals).
 */
import { HOUR_MS, QUARTER_MS, type NhtField } from '../liveperson/types.js';
import { Salt, uniform } from './prng.js';
import { dailyShape, isDormant, skillProfile, type SkillProfile } from './profile.js';

/** The raw activity of one 15-minute quarter, before it is turned into averages. */
export interface QuarterActivity {
  readonly arrivals: number;
  /** Sum of the waits of the arrivals, seconds. */
  readonly queueSeconds: number;
  readonly closedSegments: number;
  /** Sum of the durations of the closed segments, seconds (totalAgentSegmentDuration). */
  readonly segmentSeconds: number;
}

/** The five metrics LivePerson computes per hour. */
export interface HourlyMetrics {
  readonly avgAvailableLoad: number;
  readonly messagesSent: number;
  readonly handledSegments: number;
  readonly avgSegmentWorkTime: number;
  readonly netHandleTime: number;
}

export type BucketValues = Record<NhtField, number>;

/** The value the API uses for "no data". */
export const NO_DATA = -1;

/** Rounds to the two decimals the API serves for averages. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Activity of a complete quarter starting at `quarterStart` (epoch ms, aligned to 15 minutes). */
export function quarterActivity(seed: number, skillId: number, quarterStart: number, profile?: SkillProfile): QuarterActivity {
  const p = profile ?? skillProfile(seed, skillId);
  const u = (salt: number): number => uniform(seed, skillId, quarterStart, salt);
  const shape = dailyShape(p, quarterStart + QUARTER_MS / 2);
  const mean = p.peakArrivals * shape;
  const arrivals = Math.max(0, Math.round(mean * (0.75 + 0.5 * u(Salt.arrivals)) + u(Salt.arrivalsJitter) - 0.5));
  // Busier moments wait longer in queue.
  const wait = p.baseWaitSeconds * (0.4 + shape) * (0.7 + 0.6 * u(Salt.queueWait));
  const closedSegments = Math.max(0, Math.round(arrivals * (0.8 + 0.4 * u(Salt.closed))));
  const duration = p.segmentSeconds * (0.7 + 0.6 * u(Salt.duration));
  return {
    arrivals,
    queueSeconds: Math.round(arrivals * wait),
    closedSegments,
    segmentSeconds: Math.round(closedSegments * duration),
  };
}

/**
 * What has been recorded of a quarter by `now`: a quarter still in progress reports the share of
 * its activity that has happened so far, so the current quarter is present but partial.
 */
export function recordedQuarter(seed: number, skillId: number, quarterStart: number, now: number, profile?: SkillProfile): QuarterActivity | undefined {
  if (quarterStart > now) return undefined;
  const full = quarterActivity(seed, skillId, quarterStart, profile);
  if (quarterStart + QUARTER_MS <= now) return full;
  const elapsed = (now - quarterStart) / QUARTER_MS;
  const arrivals = Math.floor(full.arrivals * elapsed);
  const closedSegments = Math.floor(full.closedSegments * elapsed);
  return {
    arrivals,
    queueSeconds: full.arrivals === 0 ? 0 : Math.round((full.queueSeconds * arrivals) / full.arrivals),
    closedSegments,
    segmentSeconds: full.closedSegments === 0 ? 0 : Math.round((full.segmentSeconds * closedSegments) / full.closedSegments),
  };
}

const NO_HOURLY: HourlyMetrics = {
  avgAvailableLoad: NO_DATA,
  messagesSent: NO_DATA,
  handledSegments: NO_DATA,
  avgSegmentWorkTime: NO_DATA,
  netHandleTime: NO_DATA,
};

/**
 * The hourly metrics of a completed hour (ignores `now` and dormancy; see {@link bucketValues}).
 * Keeps the relation seen in the API page's example: netHandleTime = messagesSent × avgSegmentWorkTime / handledSegments.
 */
export function hourlyMetrics(seed: number, skillId: number, hourStart: number, profile?: SkillProfile): HourlyMetrics {
  const p = profile ?? skillProfile(seed, skillId);
  const u = (salt: number): number => uniform(seed, skillId, hourStart, salt);
  let arrivals = 0;
  for (let q = hourStart; q < hourStart + HOUR_MS; q += QUARTER_MS) arrivals += quarterActivity(seed, skillId, q, p).arrivals;
  const handledSegments = Math.round(arrivals * (0.85 + 0.15 * u(Salt.handled)));
  // Without handled segments no agent worked the skill: every average lacks its denominator.
  if (handledSegments === 0) return { ...NO_HOURLY, messagesSent: 0, handledSegments: 0 };
  const messagesSent = Math.max(handledSegments, Math.round(handledSegments * p.messagesPerSegment * (0.8 + 0.4 * u(Salt.messages))));
  const avgSegmentWorkTime = round2(p.workSecondsPerMessage * (0.8 + 0.4 * u(Salt.workTime)));
  const shape = dailyShape(p, hourStart + HOUR_MS / 2);
  const load = Math.min(1, Math.max(0.01, 0.15 + 0.75 * shape + 0.1 * (u(Salt.load) - 0.5)));
  return {
    avgAvailableLoad: round2(load),
    messagesSent,
    handledSegments,
    avgSegmentWorkTime,
    netHandleTime: round2((messagesSent * avgSegmentWorkTime) / handledSegments),
  };
}

const ALL_NO_DATA: BucketValues = {
  arrivals: NO_DATA,
  avgTimeInQueue: NO_DATA,
  totalAgentSegmentDuration: NO_DATA,
  avgAgentSegmentDuration: NO_DATA,
  ...NO_HOURLY,
};

/**
 * Exactly what the API serves at `now` for the bucket of `intervalMinutes` starting at `start`:
 * - every field -1 for a bucket in the future or an hour in which the skill is dormant;
 * - the five hourly metrics -1 throughout the current (not yet completed) hour;
 * - averages -1 when their denominator is 0.
 */
export function bucketValues(
  seed: number,
  skillId: number,
  start: number,
  intervalMinutes: 15 | 30 | 60,
  now: number,
  profile?: SkillProfile,
): BucketValues {
  const p = profile ?? skillProfile(seed, skillId);
  if (start > now || isDormant(p, start)) return { ...ALL_NO_DATA };
  let arrivals = 0;
  let queueSeconds = 0;
  let closedSegments = 0;
  let segmentSeconds = 0;
  const end = start + intervalMinutes * 60_000;
  for (let q = start; q < end; q += QUARTER_MS) {
    const quarter = recordedQuarter(seed, skillId, q, now, p);
    if (!quarter) break;
    arrivals += quarter.arrivals;
    queueSeconds += quarter.queueSeconds;
    closedSegments += quarter.closedSegments;
    segmentSeconds += quarter.segmentSeconds;
  }
  const hourStart = Math.floor(start / HOUR_MS) * HOUR_MS;
  const hourly = hourStart + HOUR_MS <= now ? hourlyMetrics(seed, skillId, hourStart, p) : NO_HOURLY;
  return {
    arrivals,
    avgTimeInQueue: arrivals === 0 ? NO_DATA : round2(queueSeconds / arrivals),
    totalAgentSegmentDuration: segmentSeconds,
    avgAgentSegmentDuration: closedSegments === 0 ? NO_DATA : round2(segmentSeconds / closedSegments),
    ...hourly,
  };
}

/**
 * Bucket starts the API returns for a query: aligned to the interval, from the aligned `from` up to
 * and including `to` (the API page's example returns a bucket starting at toDate), never in the
 * future and never before `oldest` (what the account still keeps).
 */
export function bucketStarts(from: number, to: number, intervalMinutes: 15 | 30 | 60, now: number, oldest = -Infinity): number[] {
  const step = intervalMinutes * 60_000;
  const last = Math.min(to, now);
  const starts: number[] = [];
  for (let s = Math.floor(from / step) * step; s <= last; s += step) if (s >= oldest) starts.push(s);
  return starts;
}
