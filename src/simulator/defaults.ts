/**
 * The simulator's defaults, apart from the simulator itself: the command line's help and demo
 * mode read them without loading the simulator.
 */

/** Defaults: also the demo mode's credentials. */
export const SIMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  accountId: '12345678',
  skills: 25,
  seed: 42,
  clientId: 'nht-demo-client',
  clientSecret: 'nht-demo-secret',
  tokenTtlSeconds: 3600,
} as const;
