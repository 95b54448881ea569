#!/usr/bin/env node
/**
 * Runs the simulator on its own so a real exporter build can be pointed at it:
 *   node dist/simulator/cli.js --port 8081 --skills 50
 */
import { parseArgs } from 'node:util';
import { SIMULATOR_CLI_OPTIONS, SIMULATOR_CLI_PORT } from './cli-options.js';
import { SIMULATOR_DEFAULTS, startSimulator } from './index.js';

const HELP = [
  'Usage: node dist/simulator/cli.js [options]',
  ...Object.values(SIMULATOR_CLI_OPTIONS).map((o) => `  ${o.usage.padEnd(24)} ${o.doc}`),
].join('\n');

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    // parseArgs reads only `type` and `short`; usage and doc are for --help.
    options: SIMULATOR_CLI_OPTIONS,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  const rate429 = number(values.rate429, 'rate429');
  const rate5xx = number(values.rate5xx, 'rate5xx');
  const delayMs = number(values['delay-ms'], 'delay-ms');
  const skills = number(values.skills, 'skills');
  const seed = number(values.seed, 'seed');
  const tokenTtlSeconds = number(values['token-ttl'], 'token-ttl');
  const sim = await startSimulator({
    host: values.host ?? SIMULATOR_DEFAULTS.host,
    port: number(values.port, 'port') ?? SIMULATOR_CLI_PORT,
    ...(skills !== undefined ? { skills } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(tokenTtlSeconds !== undefined ? { tokenTtlSeconds } : {}),
    ...(values.account ? { accountId: values.account } : {}),
    ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
    ...(values['client-secret'] ? { clientSecret: values['client-secret'] } : {}),
    faults: {
      ...(rate429 !== undefined ? { rate429 } : {}),
      ...(rate5xx !== undefined ? { rate5xx } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
    },
  });
  const clientId = values['client-id'] ?? SIMULATOR_DEFAULTS.clientId;
  process.stdout.write(
    [
      `LivePerson simulator listening on ${sim.url}`,
      `  account:        ${sim.accountId} (${sim.skillIds.length} skills)`,
      `  Domain API:     ${sim.url}/api/account/${sim.accountId}/service/baseURI.json?version=1.0`,
      `  OAuth 2.0:      client id ${clientId} (secret: the --client-secret value, or the documented demo default)`,
      `  NHT:            ${sim.url}/operations/api/account/${sim.accountId}/nht`,
      `Point the exporter at it: LP_ACCOUNT_ID=${sim.accountId} LP_CSDS_URL=${sim.url} LP_CLIENT_ID=${clientId} LP_CLIENT_SECRET=...`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const shutdown = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
