/**
 * `simulator`: the built-in LivePerson simulator on its own, for another exporter build or a
 * backfill to talk to. Prints the exact settings to use, secret included: the simulator's
 * credentials are published and only good for it.
 */
import { SIMULATOR_DEFAULTS } from '../../simulator/defaults.js';
import { envLine, simulatorEnv } from '../../simulator/env.js';
import { isOn, USAGE_ERROR, type Command } from '../command.js';
import type { CliOption } from '../options.js';

/** A fixed default port, so the printed settings stay valid across restarts. */
export const SIMULATOR_CLI_PORT = 8081;

const D = SIMULATOR_DEFAULTS;
const option = (name: string, usage: string, doc: string): CliOption => ({ name, type: 'string', usage, doc });

export const SIMULATOR_OPTIONS: readonly CliOption[] = [
  option('host', '--host <addr>', `Address to listen on (default ${D.host}).`),
  option('port', '--port <n>', `Port; 0 picks a free one (default ${SIMULATOR_CLI_PORT}).`),
  option('skills', '--skills <n>', `Number of skills (default ${D.skills}).`),
  option('seed', '--seed <n>', `Seed of the data; the same seed gives the same numbers (default ${D.seed}).`),
  option('account', '--account <id>', `Account id (default ${D.accountId}).`),
  option('client-id', '--client-id <id>', `Accepted OAuth 2.0 client id (default ${D.clientId}).`),
  option('client-secret', '--client-secret <text>', `Accepted OAuth 2.0 client secret (default ${D.clientSecret}).`),
  option('token-ttl', '--token-ttl <seconds>', `Lifetime of the access tokens it issues (default ${D.tokenTtlSeconds}).`),
  option('rate429', '--rate429 <0..1>', 'Share of NHT requests answered 429 Too Many Requests.'),
  option('rate5xx', '--rate5xx <0..1>', 'Share of NHT requests answered 500 or 503.'),
  option('delay-ms', '--delay-ms <n>', 'Added latency of each NHT request, in milliseconds.'),
  { name: 'deny-skills', type: 'boolean', usage: '--deny-skills', doc: 'Answer the Skills API with 403, as LivePerson does for credentials without the "Skills API Read" privilege.' },
];

function numbers(values: ReadonlyMap<string, string | true>, errors: string[]): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const name of ['port', 'skills', 'seed', 'token-ttl', 'rate429', 'rate5xx', 'delay-ms']) {
    const text = values.get(name);
    if (typeof text !== 'string') continue;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) errors.push(`--${name} must be a number, got "${text}"`);
    else out[name] = n;
  }
  return out;
}

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'Run the built-in LivePerson simulator on its own and print the settings that point an exporter or a backfill at it.',
  options: SIMULATOR_OPTIONS,
  configuration: false,
  async run(_argv, io, values) {
    const errors: string[] = [];
    const n = numbers(values, errors);
    const text = (name: string): string | undefined => {
      const v = values.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    if (errors.length > 0) {
      for (const e of errors) io.err(`simulator: ${e}`);
      return USAGE_ERROR;
    }
    const credentials = { clientId: text('client-id') ?? D.clientId, clientSecret: text('client-secret') ?? D.clientSecret };
    const denySkills = isOn(values, 'deny-skills');
    // Loaded only for this command and for demo mode: the exporter itself never needs it.
    const { startSimulator } = await import('../../simulator/index.js');
    const sim = await startSimulator({
      host: text('host') ?? D.host,
      port: n['port'] ?? SIMULATOR_CLI_PORT,
      ...(n['skills'] !== undefined && { skills: n['skills'] }),
      ...(n['seed'] !== undefined && { seed: n['seed'] }),
      ...(n['token-ttl'] !== undefined && { tokenTtlSeconds: n['token-ttl'] }),
      ...(text('account') !== undefined && { accountId: text('account') }),
      ...credentials,
      faults: {
        ...(n['rate429'] !== undefined && { rate429: n['rate429'] }),
        ...(n['rate5xx'] !== undefined && { rate5xx: n['rate5xx'] }),
        ...(n['delay-ms'] !== undefined && { delayMs: n['delay-ms'] }),
        ...(denySkills && { script: (req) => (req.api === 'skills' ? { kind: 'status', status: 403 } : undefined) }),
      },
    }).catch((err: unknown) => {
      io.err(`simulator: cannot start: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    if (!sim) return 1;
    const env = simulatorEnv(sim, credentials);
    io.out(
      [
        `LivePerson simulator listening on ${sim.url}: account ${sim.accountId}, ${sim.skillIds.length} skills${denySkills ? ', Skills API refusing (403)' : ''}`,
        'Its credentials are published and for local use only. Point an exporter (or a backfill) at it with:',
        '',
        ...Object.entries(env).map(([k, v]) => `  export ${envLine({ [k]: v })}`),
        '',
        'Press Ctrl+C to stop.',
      ].join('\n'),
    );
    const stop = (): void => void sim.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return undefined;
  },
};
