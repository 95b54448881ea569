/**
 * The settings that point an exporter (or a backfill) at a running simulator: printed by the
 * stand-alone simulator and by demo mode so a user can copy them as they are.
 */
import type { Simulator } from './types.js';

/** `LP_*` variables for the simulator's account and accepted OAuth 2.0 client, secret included. */
export function simulatorEnv(sim: Simulator, credentials: { clientId: string; clientSecret: string }): Record<string, string> {
  return {
    LP_ACCOUNT_ID: sim.accountId,
    // The Domain API finds the other hosts and gives them its own http scheme.
    LP_CSDS_URL: sim.url,
    LP_CLIENT_ID: credentials.clientId,
    LP_CLIENT_SECRET: credentials.clientSecret,
  };
}

/** `KEY=value KEY=value`, as one shell line. */
export function envLine(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${/^[\w./:@-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`}`)
    .join(' ');
}
