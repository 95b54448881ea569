/**
 * The simulated account's skills: stable ids derived from the seed, realistic names, one deleted
 * skill, and the revision the Skills API reports so clients can cache with If-None-Match.
 */
import { Salt, hash32, uniform } from './prng.js';

/**
 * The first `count` skill ids for a seed, ascending, 6-7 digits, starting near 773431 (the id in
 * the API page's example). The list for a smaller count is a prefix of the list for a larger one.
 */
export function skillIdsFor(seed: number, count: number): string[] {
  const ids: string[] = [];
  let id = 773_431 + (hash32(seed, Salt.skillIdStart) % 200);
  for (let i = 0; i < count; i++) {
    ids.push(String(id));
    id += 1 + (hash32(seed, i, Salt.skillIdStep) % 37);
  }
  return ids;
}

const TOPICS = [
  'Billing', 'Sales', 'Tech Support', 'Retention', 'Onboarding', 'Claims', 'Returns', 'VIP Care',
  'Collections', 'Fraud', 'Shipping', 'Loyalty', 'Mortgages', 'Roaming', 'Upgrades', 'Bookings',
  'Refunds', 'Accounts', 'Insurance', 'Pharmacy', 'Warranty', 'Credit Cards', 'Broadband', 'Travel',
];
const VARIANTS = [
  ' EN', ' - Spanish', ' - French', ' DE', ' Tier 2', ' Tier 1', ' Chat', ' Messaging', ' - Overnight',
  ' Escalations', ' - Web', ' - App', ' Premium', ' NL', ' - Portuguese', '',
];

/** One entry of the Skills API (`GET .../configuration/le-users/skills`). */
export interface SkillEntry {
  readonly id: number;
  readonly name: string;
  readonly deleted: boolean;
  readonly description: string;
  readonly dateUpdated: string;
}

/** The Skills API's date format, e.g. `2024-03-18 09:20:37`. */
export function skillsApiDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A deterministic, realistic skill name; `taken` resolves clashes by numbering. */
function skillName(seed: number, id: number, taken: Set<string>): string {
  const topic = TOPICS[hash32(seed, id, Salt.skillTopic) % TOPICS.length] ?? 'General';
  const variant = VARIANTS[hash32(seed, id, Salt.skillVariant) % VARIANTS.length] ?? '';
  const base = topic + variant;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
  taken.add(name);
  return name;
}

/** Mutable skill catalogue behind the Skills API. */
export class SkillCatalogue {
  private readonly entries = new Map<string, SkillEntry>();
  private revisionNumber = 1;

  /**
   * @param activeIds the skills NHT reports on.
   * @param deletedId one more skill, deleted: listed only with include_deleted=true.
   * @param now clock used to date renames.
   */
  constructor(seed: number, activeIds: readonly string[], deletedId: string, private readonly now: () => number) {
    const taken = new Set<string>();
    // Dates spread over the year before 2025-01-01 so every run shows the same catalogue.
    const dateOf = (id: number): string => skillsApiDate(1_704_067_200_000 + Math.floor(uniform(seed, id, Salt.skillDate) * 31_536_000_000));
    for (const raw of activeIds) {
      const id = Number(raw);
      const name = skillName(seed, id, taken);
      this.entries.set(raw, { id, name, deleted: false, description: `${name} queue`, dateUpdated: dateOf(id) });
    }
    const id = Number(deletedId);
    this.entries.set(deletedId, { id, name: 'Legacy Promotions', deleted: true, description: 'Retired campaign queue', dateUpdated: dateOf(id) });
  }

  /** The data revision (`ac-revision` header); changes whenever a skill changes. */
  get revision(): string {
    return String(this.revisionNumber);
  }

  /** Skills sorted by id, deleted ones only when asked for. */
  list(includeDeleted: boolean): SkillEntry[] {
    return [...this.entries.values()].filter((s) => includeDeleted || !s.deleted).sort((a, b) => a.id - b.id);
  }

  /** Renames a skill and bumps the revision. Throws for an unknown id. */
  rename(id: string, name: string): void {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`unknown skill id ${id}`);
    this.entries.set(id, { ...entry, name, dateUpdated: skillsApiDate(this.now()) });
    this.revisionNumber += 1;
  }
}
