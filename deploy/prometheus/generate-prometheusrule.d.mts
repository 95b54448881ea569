/** Types of generate-prometheusrule.mjs, for the tests that import it. */
export interface RuleFile {
  /** Path relative to the repository root. */
  readonly name: string;
  readonly text: string;
}
export declare const RULES_DIR: string;
export declare const OUTPUT: string;
/** Files holding runbook_url annotations besides the rule files: the promtool unit tests. */
export declare const RUNBOOK_TEST_FILES: string[];
/** The rule files of deploy/prometheus/rules (`*.rules.yml`), sorted by name. */
export declare function readRuleFiles(dir?: string): RuleFile[];
/** The PrometheusRule manifest wrapping the files' rule groups, as YAML text. */
export declare function buildPrometheusRule(files: readonly RuleFile[]): string;
