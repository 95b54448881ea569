import { describe, expect, it } from 'vitest';
import { SKILL_INFO, skillInfoFamily } from '../../src/metrics/skill-info.js';
import { metricData, pointTimes } from '../../src/otlp/data.js';
import { renderSkillInfo } from '../../src/prometheus/exposition.js';
import { tool } from '../support/prometheus.js';

const names = new Map([
  ['773500', { name: 'Tech Support Tier 2', deleted: false }],
  ['9223372036854775807', { name: 'Biggest id', deleted: false }],
  ['773431', { name: 'Billing EN', deleted: false }],
  ['773499', { name: 'Legacy Promotions', deleted: true }],
  ['773600', { name: 'Odd "quoted" \\ name\nwith a line break', deleted: false }],
]);

describe('the liveperson_skill_info exposition', () => {
  it('has one series per skill, in id order, with the value 1 and deleted as true or false', async () => {
    const { text } = await renderSkillInfo('12345678', names);
    const samples = text.split('\n').filter((l) => l.startsWith(`${SKILL_INFO.name}{`));
    expect(samples).toEqual([
      'liveperson_skill_info{account_id="12345678",skill_id="773431",skill_name="Billing EN",deleted="false"} 1',
      'liveperson_skill_info{account_id="12345678",skill_id="773499",skill_name="Legacy Promotions",deleted="true"} 1',
      'liveperson_skill_info{account_id="12345678",skill_id="773500",skill_name="Tech Support Tier 2",deleted="false"} 1',
      'liveperson_skill_info{account_id="12345678",skill_id="773600",skill_name="Odd \\"quoted\\" \\\\ name\\nwith a line break",deleted="false"} 1',
      'liveperson_skill_info{account_id="12345678",skill_id="9223372036854775807",skill_name="Biggest id",deleted="false"} 1',
    ]);
    expect(text).toMatch(/^# TYPE liveperson_skill_info gauge$/m);
  });

  it('is empty before any name is known, so /metrics shows no stray HELP line', async () => {
    expect((await renderSkillInfo('12345678', new Map())).text).toBe('');
  });

  it('passes promtool check metrics without a remark', async () => {
    const { text } = await renderSkillInfo('12345678', names);
    const result = await tool('promtool', ['check', 'metrics'], text);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('the same info metric for OTLP', () => {
  it('is named so that Prometheus stores it as liveperson_skill_info, with the Prometheus labels as attributes', () => {
    // Prometheus's OTLP translation: dots become underscores; no unit adds no suffix; a gauge gets no _total.
    expect(SKILL_INFO.otelName.replace(/\./g, '_')).toBe(SKILL_INFO.name);
    const points = metricData(skillInfoFamily('12345678', names), pointTimes(0, 0)).dataPoints;
    expect(points).toHaveLength(5);
    expect(points[1]).toMatchObject({
      attributes: { account_id: '12345678', skill_id: '773499', skill_name: 'Legacy Promotions', deleted: 'true' },
      value: 1,
    });
  });
});
