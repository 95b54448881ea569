// Where the alerts' runbook_url annotations point: the one place to change when the docs are
// published elsewhere (a fork, an internal Git server). Prometheus rule files have no variables,
// so `node deploy/prometheus/generate-prometheusrule.mjs` writes this base into every
// runbook_url of the rule files, their promtool tests and the Kubernetes PrometheusRule.

/** The published docs/alerts.md; each alert's anchor is appended (`#livepersonnhtdatastale`). */
export const RUNBOOK_BASE_URL = 'https://github.com/liveperson-nht-exporter/liveperson-nht-exporter/blob/main/docs/alerts.md';

const RUNBOOK_LINE = /(runbook_url:\s*"?)[^"\s#]*#([\w-]+)/g;

/** `text` with every runbook_url's base replaced by RUNBOOK_BASE_URL, anchors kept. */
export function withRunbookBase(text, base = RUNBOOK_BASE_URL) {
  return text.replace(RUNBOOK_LINE, (_all, lead, anchor) => `${lead}${base}#${anchor}`);
}
