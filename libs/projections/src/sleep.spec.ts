import { getEventListeners } from 'node:events';
import { sleep } from './sleep';

describe('sleep', () => {
  it('leaves no listener on the signal when the time is up, however many times it waits', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(1, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the signal aborts, and at once when it had aborted already', async () => {
    const ac = new AbortController();
    const waiting = sleep(60_000, ac.signal);
    ac.abort();
    await waiting;
    await sleep(60_000, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
