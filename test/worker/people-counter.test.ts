import { describe, expect, it } from 'vitest';
import type { PersonView } from '../../src/ppe/monitor';
import { PeopleCounter } from '../../src/worker/pipeline';

const person = (
  trackId: number,
  violations: PersonView['violations'],
  compliant: PersonView['compliant'],
): PersonView => ({
  trackId,
  box: [0, 0, 10, 30],
  label: '',
  violations,
  compliant,
});

describe('people counted for the compliance rate', () => {
  it('counts each person once, and once as violating whatever the kinds', () => {
    const counter = new PeopleCounter();
    counter.observe([person(1, [], true), person(2, [], 'unknown')], 0);
    counter.observe([person(1, [], true), person(2, ['no-helmet'], false)], 200);
    counter.observe([person(1, [], true), person(2, ['no-helmet', 'no-vest'], false)], 400);
    counter.observe([person(3, [], 'unknown')], 600); // too small to judge: not counted
    expect(counter.judged).toBe(2);
    expect(counter.violating).toBe(1);
  });

  it('forgets people a minute after they left, so memory stays bounded', () => {
    const counter = new PeopleCounter();
    for (let i = 0; i < 10_000; i++) counter.observe([person(i, [], true)], i * 1000);
    expect(counter.judged).toBe(10_000);
    expect((counter as unknown as { seen: Map<number, unknown> }).seen.size).toBeLessThanOrEqual(61);
  });
});
