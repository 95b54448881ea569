/** What the exporter knows about a skill besides its id. */
export interface SkillName {
  readonly name: string;
  /** Deleted in LivePerson; kept so historical NHT data still resolves. */
  readonly deleted: boolean;
}

/** Skill id → name, replaced as a whole on every change, never edited. */
export type SkillNameMap = ReadonlyMap<string, SkillName>;

/** How one refresh of the names ended; also the `result` label of the refresh counter. */
export type SkillNamesRefreshResult = 'success' | 'not_modified' | 'failure';

/** Receives one call per refresh: the exporter turns them into its own metrics. */
export interface SkillNamesObserver {
  /** `at` is epoch ms; `skills` is the number of names known after the refresh. */
  skillNamesRefreshed(result: SkillNamesRefreshResult, at: number, skills: number): void;
}
