import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { NOW } from './helpers.js';

describe('starting and stopping the simulator', () => {
  it('listens on a free port of 127.0.0.1 and refuses connections once stopped', async () => {
    const a = await startSimulator({ now: () => NOW });
    const b = await startSimulator({ now: () => NOW });
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    expect(a.accountId).toBe('12345678');
    expect(a.skillIds).toHaveLength(25);
    await a.stop();
    await b.stop();
    await expect(fetch(`${a.url}/api/account/12345678/service/baseURI.json?version=1.0`)).rejects.toThrow();
  });

  it('answers 404 for paths it does not serve', async () => {
    const sim = await startSimulator({ now: () => NOW });
    try {
      expect((await fetch(`${sim.url}/operations/api/account/${sim.accountId}/other`)).status).toBe(404);
      expect((await fetch(`${sim.url}/operations/api/account/${sim.accountId}/nht`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('serves exactly the skill ids it is given', async () => {
    const sim = await startSimulator({ now: () => NOW, skillIds: ['900002', '111', '900001'] });
    try {
      expect(sim.skillIds).toEqual(['111', '900001', '900002']);
    } finally {
      await sim.stop();
    }
  });

  it('rejects unusable options with plain messages', async () => {
    await expect(startSimulator({ skills: -1 })).rejects.toThrow('skills must be a non-negative integer');
    await expect(startSimulator({ skillIds: ['12a'] })).rejects.toThrow('skillIds must be strings of digits');
    await expect(startSimulator({ faults: { rate429: 2 } })).rejects.toThrow('faults.rate429 must be between 0 and 1');
    await expect(startSimulator({ tokenTtlSeconds: 0 })).rejects.toThrow('tokenTtlSeconds must be greater than 0');
  });
});
