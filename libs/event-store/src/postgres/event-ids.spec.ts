import { UUID_RE } from '@kinerja/kernel';
import { timeOrderedId } from './event-ids';

describe('timeOrderedId', () => {
  it('is a version 7 UUID whose first 48 bits are the milliseconds it was made at', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();
    expect(id).toMatch(UUID_RE);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts every id of a later millisecond after every id of an earlier one, as text (and so as a uuid)', async () => {
    const early = Array.from({ length: 50 }, () => timeOrderedId());
    const madeBy = Date.now();
    while (Date.now() <= madeBy) await new Promise((r) => setTimeout(r, 1));
    const late = Array.from({ length: 50 }, () => timeOrderedId());
    const latestEarly = [...early].sort().at(-1)!;
    const earliestLate = [...late].sort()[0];
    expect(latestEarly < earliestLate).toBe(true);
  });

  it('does not repeat: 100,000 ids, across many draws of its random pool, are distinct', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(timeOrderedId());
    expect(ids.size).toBe(100_000);
  });
});
