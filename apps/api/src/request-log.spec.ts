import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@kinerja/platform';
import { requestLog, type LoggedRequest } from './request-log';

describe('the request log', () => {
  const lines: Array<Record<string, unknown>> = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const log = createLogger({ logLevel: 'info' }, 'test', { write: (l: string) => void lines.push(JSON.parse(l)) });
    const middleware = requestLog(log, { ignore: (url) => url === '/health' });
    server = createServer((req, res) =>
      middleware(req, res, () => {
        const url = req.url ?? '';
        if (url.startsWith('/fail')) {
          (req as LoggedRequest).log?.error({ problem: 'boom' }, 'unhandled error');
          res.statusCode = 500;
          return res.end('{}');
        }
        if (url.startsWith('/hang')) return res.write('partial'); // never ends: the caller gives up
        if (url.startsWith('/own')) {
          // A middleware with its own request logger may set one; what logs about the request then uses it.
          (req as LoggedRequest).log = log.child({ own: true });
          (req as LoggedRequest).log?.warn('from its own logger');
        }
        res.end('ok');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => void lines.splice(0));

  /** Until the log holds `n` lines (a line is written when the response is done, after the caller has it). */
  const logged = async (n: number) => {
    for (let i = 0; i < 200 && lines.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    return lines;
  };

  it('writes one line a request: id, method, URL with credentials masked, status, time; the caller’s request id kept', async () => {
    const r = await fetch(`${base}/api/v1/employees?token=s3cr3t-link`, {
      headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'x-request-id': 'trace-7', 'x-correlation-id': 'corr-1' },
    });
    expect(r.headers.get('x-request-id')).toBe('trace-7');
    const [line, more] = await logged(1);
    expect(more).toBeUndefined();
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      correlationId: 'corr-1',
      req: { id: 'trace-7', method: 'GET', url: '/api/v1/employees?token=[redacted]' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toMatch(/s3cr3t|eyJ/);
  });

  it('gives a request without a usable id a new one, and leaves /health out of the log', async () => {
    const r = await fetch(`${base}/x`, { headers: { 'x-request-id': 'not an id!' } });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${base}/health`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${base}/y`);
    const got = await logged(2);
    expect(got.map((l) => (l.req as { url: string }).url)).toEqual(['/x', '/y']);
    expect((got[0].req as { id: string }).id).toBe(r.headers.get('x-request-id'));
  });

  it('logs a 5xx at error, and what the handler logged about the request carries the request, headers masked', async () => {
    expect((await fetch(`${base}/fail`, { headers: { cookie: 'session=abc123' } })).status).toBe(500);
    const [handlers, line] = await logged(2);
    expect(handlers).toMatchObject({ level: 50, msg: 'unhandled error', req: { url: '/fail', headers: { cookie: '[redacted]' } } });
    expect((handlers.req as { id: string }).id).toBe((line.req as { id: string }).id);
    expect(line).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  });

  it('lets a request logger of its own be set', async () => {
    await fetch(`${base}/own`);
    const [own, line] = await logged(2);
    expect(own).toMatchObject({ own: true, msg: 'from its own logger' });
    expect(line).toMatchObject({ msg: 'request completed', req: { url: '/own' } });
  });

  it('logs a request whose caller hung up before the answer was done, once', async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${base}/hang`, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.end();
    });
    const got = await logged(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ msg: 'request aborted', req: { url: '/hang' } });
  });
});
