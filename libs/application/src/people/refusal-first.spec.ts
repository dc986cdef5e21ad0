import { forbidden } from '@kinerja/kernel';
import { refusalFirst } from './service';

describe('refusalFirst: an authorisation and the read a decision needs, made at once', () => {
  const refused = () => Promise.reject(forbidden('NOT_ALLOWED', 'the policy refuses this'));
  const failedRead = () => Promise.reject(new Error('the read model is unavailable'));

  it('gives the grant and what was read when both succeed', async () => {
    await expect(refusalFirst(Promise.resolve('self'), Promise.resolve(['RHK-1']))).resolves.toEqual(['self', ['RHK-1']]);
  });

  it('gives the refusal, not the read, when the policy refuses, even if the read failed first', async () => {
    // The read fails before the authorisation settles: a caller who may not act still learns only that.
    let refuse!: () => void;
    const authorization = new Promise<string>((_, reject) => (refuse = () => reject(forbidden('NOT_ALLOWED', 'the policy refuses this'))));
    const settled = refusalFirst(authorization, failedRead());
    await new Promise((r) => setImmediate(r));
    refuse();
    await expect(settled).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(refusalFirst(refused(), Promise.resolve([]))).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it("gives the read's failure when the policy allows", async () => {
    await expect(refusalFirst(Promise.resolve('self'), failedRead())).rejects.toThrow('the read model is unavailable');
  });
});
