import { startTestApp, TestApp } from './support/app';
import { ADMIN, ANALIS, buildDinkes, KABID_B, KADIS, me, ok, rhk, until, wp } from './support/people';
import { QUEUES, REMINDER_SCHEDULE, runReminderCheck } from '../libs/platform/src';
import { localDateOf } from '../libs/domain/shared';

/** The reminder job's handler run directly, at a chosen instant: no waiting on real time. */
describe('reminders: a daily BullMQ job, events in the timeline, shown in the inbox', () => {
  let app: TestApp;
  const inbox = async (nip: string) => (await app.call('GET', '/api/v1/inbox', undefined, {}, me(nip))).body;

  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
    // Plans in force for the head and the Kabid; the analyst's plan waits on the Kabid.
    await ok(app, 'POST', wp(KADIS, 'draft'), { results: [rhk('K-1')] }, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'submit'), {}, me(KADIS));
    await ok(app, 'POST', wp(KADIS, 'approve'), {}, ADMIN);
    await ok(app, 'POST', wp(KABID_B, 'draft'), { results: [rhk('B-1', 'K-1')] }, me(KABID_B));
    await ok(app, 'POST', wp(KABID_B, 'submit'), {}, me(KABID_B));
    await ok(app, 'POST', wp(KABID_B, 'approve'), {}, me(KADIS));
    await ok(app, 'POST', wp(ANALIS, 'draft'), { results: [rhk('A-1', 'B-1')] }, me(ANALIS));
    await ok(app, 'POST', wp(ANALIS, 'submit'), {}, me(ANALIS));
    await until(async () => (await inbox(KABID_B)).plansToApprove.length === 1, 'the plan reaches the read model');
  });
  afterAll(async () => {
    await app.close();
  });

  it('schedules the daily check with a fixed id (idempotent at every start-up)', async () => {
    const schedulers = await app.rt.queues.queue(QUEUES.reminders).getJobSchedulers();
    expect(schedulers.filter((s) => s.key === REMINDER_SCHEDULE.id || s.id === REMINDER_SCHEDULE.id)).toHaveLength(1);
  });

  it('reminds the silent employee and the rater with items waiting, once per day even when retried', async () => {
    const now = new Date().toISOString();
    const today = localDateOf(now);
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    // Run it on a working day: today if it is one, else the Monday after.
    const at =
      weekday === 0
        ? new Date(Date.now() + 86_400_000).toISOString()
        : weekday === 6
          ? new Date(Date.now() + 2 * 86_400_000).toISOString()
          : now;
    const day = localDateOf(at);
    const first = await runReminderCheck(app.rt, at);
    expect(first).toMatchObject({ today: day, sent: 3 });
    // A retry of the same job appends nothing.
    expect(await runReminderCheck(app.rt, at)).toMatchObject({ today: day, sent: 0 });
    const { rows } = await app.db.pool.query(
      "SELECT stream_id, event_type, data FROM events WHERE event_type = 'ReminderSent' ORDER BY stream_id, stream_position",
    );
    expect(rows.map((r) => [r.stream_id, r.data.kind])).toEqual(
      [
        [`Reminder-${KABID_B}`, 'NO_DAILY_REPORT'],
        [`Reminder-${KABID_B}`, 'UNANSWERED_ITEMS'],
        [`Reminder-${KADIS}`, 'NO_DAILY_REPORT'],
      ].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
    );
    if (day === today) {
      const box = await until(async () => {
        const b = await inbox(KABID_B);
        return b.reminders.length === 2 && b;
      }, 'reminders in the inbox');
      expect(box.reminders).toEqual([
        { kind: 'NO_DAILY_REPORT', day, count: 3 },
        { kind: 'UNANSWERED_ITEMS', day, count: 1 },
      ]);
      expect((await inbox(ANALIS)).reminders).toEqual([]);
    }
  });
});
