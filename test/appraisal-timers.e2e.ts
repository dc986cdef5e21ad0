import { Actor, fixedClock } from '../libs/kernel/src';
import {
  AppraisalReads,
  EscalateOverdueObjection,
  FileAppraisalObjection,
  FinaliseAppraisal,
  IssueUnitAppraisals,
  RateEmployee,
  RecordOrganisationResult,
} from '../libs/application/src';
import { appraisalStreamId } from '../libs/domain/appraisal';
import { supervisorOf } from '../libs/domain/organisation';
import { appraisalOf, escalatedObjections, pendingDeadlines } from '../libs/projections/src';
import { applicationContext, appraisalReads, deadlineJobId, QUEUES, recreateDeadlines } from '../libs/platform/src';
import { startTestApp, TestApp } from './support/app';
import { ANALIS, ANALIS2, buildDinkes, KADIS, until } from './support/people';

const OPD = 'DINKES';
const PERIOD = '2026-03';
// 09:00 in Jakarta on 1 April: March has ended, so it can be rated and issued; the window's last day is 15 April.
const ISSUE_AT = '2026-04-01T02:00:00.000Z';
const FILE_AT = '2026-04-02T03:00:00.000Z';
const WINDOW_CLOSES_AT = '2026-04-15T17:00:00.000Z';
const DECISION_DUE_AT = '2026-04-16T17:00:00.000Z';
const person = (nip: string, ...roles: string[]): Actor => ({ userId: `u-${nip}`, nip, roles: ['pegawai', ...roles] });
const ADMIN: Actor = { userId: 'admin.bkpsdm', roles: ['pegawai', 'admin_kepegawaian'] };

/**
 * The objection timers across worker restarts: the queue is not the memory of a deadline, the log
 * is. The clock is held by the test (the runtime's), never waited on.
 */
describe('objection timers survive a worker restart and fire exactly once', () => {
  let app: TestApp;
  let service: AppraisalReads;
  let unit: string[];
  const clock = fixedClock(ISSUE_AT);
  const queue = () => app.rt.queues.queue(QUEUES.appraisal);
  const eventsOf = async (nip: string) => (await app.rt.store.readStream(appraisalStreamId(nip, PERIOD))).map((e) => e.type);
  const count = (types: string[], type: string) => types.filter((t) => t === type).length;

  beforeAll(async () => {
    app = await startTestApp();
    app.rt.clock = clock;
    await buildDinkes(app);
    service = appraisalReads(app.rt);
    // Everyone of Dinkes with a rater on 31 March is rated by that rater (4 people: a unit exempt from the curve).
    const h = await service.planning.people.org.current();
    unit = (await service.unitAppraisals(OPD, PERIOD)).map((u) => u.nip);
    expect(unit).toEqual(expect.arrayContaining([ANALIS, ANALIS2]));
    // The commands through the application layer; the clock stands at ISSUE_AT, the handlers' "now".
    const { commands } = await applicationContext(app.rt);
    for (const nip of unit) {
      const rater = supervisorOf(nip, '2026-03-31', h)!;
      await commands.execute(
        new RateEmployee(nip, PERIOD, { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' }, person(rater.nip), {}),
      );
    }
    await commands.execute(new RecordOrganisationResult(OPD, PERIOD, { result: 'BAIK', reason: 'LKjIP triwulan I' }, ADMIN, {}));
    await commands.execute(new IssueUnitAppraisals(OPD, PERIOD, person(KADIS, `kepala_opd:${OPD}`), {}));
    clock.set(FILE_AT);
    await commands.execute(
      new FileAppraisalObjection(ANALIS2, PERIOD, { reasons: 'Capaian RHK saya melebihi target' }, person(ANALIS2), {}),
    );
    await until(async () => (await appraisalOf(app.db.pool, ANALIS2, PERIOD))?.state === 'OBJECTED', 'the objection in the ledger');
    await until(async () => (await appraisalOf(app.db.pool, ANALIS, PERIOD))?.state === 'ISSUED', 'the issue in the ledger');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('puts each deadline on the queue as a delayed job with its deterministic id when it is appended', async () => {
    const window = await queue().getJob(deadlineJobId({ kind: 'OBJECTION_WINDOW', nip: ANALIS, period: PERIOD }));
    const decision = await queue().getJob(deadlineJobId({ kind: 'OBJECTION_DECISION', nip: ANALIS2, period: PERIOD }));
    expect(await window?.getState()).toBe('delayed');
    expect(await decision?.getState()).toBe('delayed');
    expect(window!.data).toEqual({ kind: 'OBJECTION_WINDOW', nip: ANALIS, period: PERIOD, dueAt: WINDOW_CLOSES_AT });
    expect(await pendingDeadlines(app.db.pool)).toEqual(
      expect.arrayContaining([
        { kind: 'OBJECTION_WINDOW', nip: ANALIS, period: PERIOD, dueAt: WINDOW_CLOSES_AT },
        { kind: 'OBJECTION_DECISION', nip: ANALIS2, period: PERIOD, dueAt: DECISION_DUE_AT },
      ]),
    );
  });

  it('a worker restarted past the window’s end, with the queue lost, re-creates the deadline from the log; the appraisal is finalised once', async () => {
    await app.stopWorker();
    // The queue forgets everything: whatever fires now comes from the log.
    await queue().obliterate({ force: true });
    expect(await queue().getJob(deadlineJobId({ kind: 'OBJECTION_WINDOW', nip: ANALIS, period: PERIOD }))).toBeUndefined();
    clock.set('2026-04-15T17:00:01.000Z');
    await app.startWorker();

    const others = unit.filter((n) => n !== ANALIS2);
    await until(async () => {
      for (const nip of others) if ((await appraisalOf(app.db.pool, nip, PERIOD))?.state !== 'FINAL') return false;
      return true;
    }, 'every unobjected appraisal final');
    for (const nip of others) expect(count(await eventsOf(nip), 'AppraisalFinalised')).toBe(1);
    const row = (await appraisalOf(app.db.pool, ANALIS, PERIOD))!;
    expect(row).toMatchObject({ state: 'FINAL', predikat: 'BAIK', finalisedAt: '2026-04-15T17:00:01.000Z' });
    expect(row.events.map((e) => e.type)).toEqual(['AppraisalRated', 'AppraisalIssued', 'AppraisalFinalised']);

    // Sweeping again and firing the command again append nothing.
    await recreateDeadlines(app.rt);
    expect(
      (await (await applicationContext(app.rt)).commands.execute(new FinaliseAppraisal(ANALIS, PERIOD))).events.map((e) => e.type),
    ).toEqual(['AppraisalFinalised']);
    expect(count(await eventsOf(ANALIS), 'AppraisalFinalised')).toBe(1);
    // The objected appraisal is not finalised, and its decision is not due yet: not escalated.
    expect(await eventsOf(ANALIS2)).toEqual(['AppraisalRated', 'AppraisalIssued', 'ObjectionFiled']);
    expect(await pendingDeadlines(app.db.pool)).toEqual([
      { kind: 'OBJECTION_DECISION', nip: ANALIS2, period: PERIOD, dueAt: DECISION_DUE_AT },
    ]);
  });

  it('a deadline job that runs before its time by the clock goes back to waiting under the same id, not to failed', async () => {
    const id = deadlineJobId({ kind: 'OBJECTION_DECISION', nip: ANALIS2, period: PERIOD });
    const job = await until(async () => queue().getJob(id), 'the re-created decision job');
    await until(async () => (await job.getState()) === 'delayed', 'the decision job delayed');
    await job.promote();
    await until(async () => {
      const j = await queue().getJob(id);
      return j !== undefined && j.attemptsStarted > job.attemptsStarted && (await j.getState()) === 'delayed';
    }, 'the early run put back');
    expect(await (await queue().getJob(id))!.getState()).toBe('delayed');
    expect(await eventsOf(ANALIS2)).toEqual(['AppraisalRated', 'AppraisalIssued', 'ObjectionFiled']);
  });

  it('a worker restarted past the decision’s due date escalates the objection once, and nothing decides it', async () => {
    await app.stopWorker();
    clock.set('2026-04-16T17:00:01.000Z');
    await app.startWorker();
    await until(async () => (await appraisalOf(app.db.pool, ANALIS2, PERIOD))?.objection?.escalated, 'the escalation in the ledger');
    const row = (await appraisalOf(app.db.pool, ANALIS2, PERIOD))!;
    expect(row).toMatchObject({
      state: 'OBJECTED',
      decision: null,
      objection: { decider: expect.any(String), escalated: true, escalatedAt: '2026-04-16T17:00:01.000Z' },
    });
    expect((await escalatedObjections(app.db.pool)).map((r) => r.nip)).toEqual([ANALIS2]);
    expect(await pendingDeadlines(app.db.pool)).toEqual([]);

    // Once more across a restart with the queue lost: still one escalation, still no decision.
    await app.stopWorker();
    await queue().obliterate({ force: true });
    clock.set('2026-05-01T00:00:00.000Z');
    await app.startWorker();
    await recreateDeadlines(app.rt);
    expect(
      (await (await applicationContext(app.rt)).commands.execute(new EscalateOverdueObjection(ANALIS2, PERIOD))).events.map((e) => e.type),
    ).toEqual(['ObjectionEscalated']);
    const types = await eventsOf(ANALIS2);
    expect(count(types, 'ObjectionEscalated')).toBe(1);
    expect(count(types, 'ObjectionDecided')).toBe(0);
    expect(count(types, 'AppraisalFinalised')).toBe(0);
    expect((await appraisalOf(app.db.pool, ANALIS2, PERIOD))!.state).toBe('OBJECTED');
  });
});
