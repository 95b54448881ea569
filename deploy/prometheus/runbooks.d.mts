/** Types of runbooks.mjs, for the tests that import it. */
export declare const RUNBOOK_BASE_URL: string;
/** `text` with every runbook_url's base replaced by `base` (default RUNBOOK_BASE_URL), anchors kept. */
export declare function withRunbookBase(text: string, base?: string): string;
