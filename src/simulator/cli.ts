#!/usr/bin/env node
/**
 * Runs the simulator on its own so a real exporter build can be pointed at it:
 *   node dist/simulator/cli.js --port 8081 --skills 50
 */
import { parseArgs } from 'node:util';
import { SIMULATOR_DEFAULTS, startSimulator } from './index.js';

const HELP = `Usage: node dist/simulator/cli.js [options]
  --host <addr>            bind address (default ${SIMULATOR_DEFAULTS.host})
  --port <n>               port, 0 = any free port (default 8081)
  --skills <n>             number of skills (default ${SIMULATOR_DEFAULTS.skills})
  --seed <n>               data seed (default ${SIMULATOR_DEFAULTS.seed})
  --account <id>           account id (default ${SIMULATOR_DEFAULTS.accountId})
  --client-id <id>         accepted OAuth 2.0 client id (default ${SIMULATOR_DEFAULTS.clientId})
  --client-secret <s>      accepted OAuth 2.0 client secret (default ${SIMULATOR_DEFAULTS.clientSecret})
  --token-ttl <seconds>    access token lifetime (default ${SIMULATOR_DEFAULTS.tokenTtlSeconds})
  --rate429 <0..1>         share of NHT requests answered 429
  --rate5xx <0..1>         share of NHT requests answered 500/503
  --delay-ms <n>           added latency per NHT request
  -h, --help`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      skills: { type: 'string' },
      seed: { type: 'string' },
      account: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'token-ttl': { type: 'string' },
      rate429: { type: 'string' },
      rate5xx: { type: 'string' },
      'delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
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
    port: number(values.port, 'port') ?? 8081,
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
