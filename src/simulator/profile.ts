import { Salt, uniform } from './prng.js';

/**
 * The character of one simulated skill: how busy it is, when its day peaks and how long its
 * conversations take. Derived from (seed, skillId) only, so it is stable across runs.
 */
export interface SkillProfile {
  /** Expected arrivals per 15 minutes at the daily peak. */
  readonly peakArrivals: number;
  /** UTC hour (fractional) at which traffic peaks. */
  readonly peakHour: number;
  /** Typical wait in queue at peak, seconds. */
  readonly baseWaitSeconds: number;
  /** Typical duration of one closed agent segment, seconds. */
  readonly segmentSeconds: number;
  /** Typical number of agent messages per handled segment. */
  readonly messagesPerSegment: number;
  /** Typical agent work time per message response, seconds. */
  readonly workSecondsPerMessage: number;
  /**
   * Business-hours skills are dormant (every field -1) outside their window: the first active UTC
   * hour and the number of active hours. Undefined for skills that are staffed around the clock.
   */
  readonly activeWindow?: { readonly fromHour: number; readonly hours: number };
}

/** Share of skills that only run during business hours. */
const BUSINESS_HOURS_SHARE = 0.1;

/** Builds the profile of one skill. */
export function skillProfile(seed: number, skillId: number): SkillProfile {
  const u = (salt: number): number => uniform(seed, skillId, salt);
  const sizeClass = u(Salt.profileSize);
  const within = u(Salt.profileSizeWithin);
  // Most queues are small; a few carry most of the traffic, as in real contact centres.
  const peakArrivals = sizeClass < 0.4 ? 0.5 + 3.5 * within : sizeClass < 0.85 ? 5 + 20 * within : 30 + 120 * within;
  const peakHour = 8 + 12 * u(Salt.profilePeak);
  const profile: SkillProfile = {
    peakArrivals,
    peakHour,
    baseWaitSeconds: 5 + 85 * u(Salt.profileWait),
    segmentSeconds: 240 + 1500 * u(Salt.profileDuration),
    messagesPerSegment: 3 + 12 * u(Salt.profileMessages),
    workSecondsPerMessage: 30 + 220 * u(Salt.profileWorkTime),
  };
  if (u(Salt.profileDormant) >= BUSINESS_HOURS_SHARE) return profile;
  const hours = 6 + Math.floor(7 * u(Salt.profileActiveHours));
  const fromHour = (((Math.round(peakHour - hours / 2) % 24) + 24) % 24);
  return { ...profile, activeWindow: { fromHour, hours } };
}

/** True when the skill has no data at all during the UTC hour containing `time` (epoch ms). */
export function isDormant(profile: SkillProfile, time: number): boolean {
  const window = profile.activeWindow;
  if (!window) return false;
  const hour = new Date(time).getUTCHours();
  const sinceOpen = (((hour - window.fromHour) % 24) + 24) % 24;
  return sinceOpen >= window.hours;
}

/**
 * Relative traffic at a moment of the UTC day, 0.04..1: a raised cosine around the skill's peak,
 * squared so nights are quiet.
 */
export function dailyShape(profile: SkillProfile, time: number): number {
  const hourOfDay = (time % 86_400_000) / 3_600_000;
  const wave = (1 + Math.cos((2 * Math.PI * (hourOfDay - profile.peakHour)) / 24)) / 2;
  return 0.04 + 0.96 * wave ** 2;
}
