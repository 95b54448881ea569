/** Shared helpers for the simulator tests: a settable clock and small HTTP calls against 127.0.0.1. */
import { startSimulator, SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.js';

/** Wednesday 2026-11-25 14:07:30 UTC: mid-quarter, mid-hour, during the busy part of the day. */
export const NOW = Date.UTC(2026, 10, 25, 14, 7, 30);
export const HOUR = 3_600_000;
export const QUARTER = 900_000;

/** A clock tests can move. */
export function testClock(start = NOW): { now: () => number; set(t: number): void; advance(ms: number): void } {
  let t = start;
  return { now: () => t, set: (v) => void (t = v), advance: (ms) => void (t += ms) };
}

export async function withSimulator<T>(options: SimulatorOptions, body: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ now: () => NOW, ...options });
  try {
    return await body(sim);
  } finally {
    await sim.stop();
  }
}

export async function fetchToken(sim: Simulator): Promise<string> {
  const res = await fetch(`${sim.url}/sentinel/api/v2/account/${sim.accountId}/app/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: SIMULATOR_DEFAULTS.clientId,
      client_secret: SIMULATOR_DEFAULTS.clientSecret,
      grant_type: 'client_credentials',
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function nhtUrl(sim: Simulator): string {
  return `${sim.url}/operations/api/account/${sim.accountId}/nht`;
}

export interface JsonReply {
  status: number;
  headers: Headers;
  // Test payloads are inspected freely.
  body: any;
}

export async function postNht(sim: Simulator, token: string, body: Record<string, unknown>): Promise<JsonReply> {
  const res = await fetch(nhtUrl(sim), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonReply> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** A v2 request for the hour before NOW up to NOW at 15 minutes. */
export function recentQuery(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const hourStart = Math.floor(NOW / HOUR) * HOUR;
  return { source: 'nht_test', fromMillis: hourStart - HOUR, toMillis: NOW, interval: 15, v: 2, ...extra };
}
