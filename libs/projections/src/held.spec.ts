import { HeldRows } from './held';

describe('rows a fill holds in memory', () => {
  it('keeps a batch’s changes only when it commits', () => {
    const held = new HeldRows<number>();
    held.set('a', 1);
    held.set('b', 2);
    expect([held.size, held.get('a')]).toEqual([2, 1]);
    held.rollback();
    expect([held.size, held.get('a'), held.has('b')]).toEqual([0, undefined, false]);
    held.set('a', 1);
    held.set('b', 2);
    held.commit();
    held.set('a', 10);
    held.delete('b');
    expect([held.size, held.get('a'), held.has('b')]).toEqual([1, 10, false]);
    held.rollback();
    expect([held.size, held.get('a'), held.get('b')]).toEqual([2, 1, 2]);
  });

  it('counts a row let go and held again in the same batch once', () => {
    const held = new HeldRows<number>();
    held.set('a', 1);
    held.commit();
    held.delete('a');
    held.set('a', 2);
    held.set('a', 3);
    held.set('c', 4);
    held.delete('c');
    expect(held.size).toBe(1);
    held.commit();
    expect([held.size, held.drain()]).toEqual([1, [3]]);
  });

  it('names the oldest rows beyond its limit by their last change, none the batch touched', () => {
    const held = new HeldRows<string>(2);
    for (const k of ['a', 'b', 'c']) held.set(k, k);
    held.commit(); // over by one: nothing was written yet
    held.set('a', 'a2'); // a is now the newest
    held.set('d', 'd');
    expect(held.excess()).toEqual([
      ['b', 'b'],
      ['c', 'c'],
    ]);
    held.delete('b');
    held.delete('c');
    expect(held.excess()).toEqual([]);
    held.commit();
    expect(held.drain()).toEqual(['a2', 'd']);
    expect(held.size).toBe(0);
  });

  it('refuses a limit that is not a whole number, an undefined row, and a drain with a batch not committed', () => {
    expect(() => new HeldRows(-1)).toThrow(RangeError);
    expect(() => new HeldRows(1.5)).toThrow(RangeError);
    const held = new HeldRows<unknown>();
    expect(() => held.set('a', undefined)).toThrow(TypeError);
    held.set('a', 1);
    expect(() => held.drain()).toThrow('not committed');
  });

  it('keys by Map: __proto__ is a row like any other', () => {
    const held = new HeldRows<number>();
    held.set('__proto__', 1);
    held.commit();
    expect([held.get('__proto__'), held.size]).toEqual([1, 1]);
  });
});
