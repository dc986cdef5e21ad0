import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/app';
import { kinerja } from './support/cli';
import { registerEmployees, TestEmployee } from './fixtures/payroll';

const A: TestEmployee = {
  nip: '198503122010011002',
  name: 'Siti Rahayu',
  opdId: 'OPD-DINKES',
  positionGrade: 7,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
};

describe('kinerja import attendance | predikat', () => {
  let app: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'kinerja-payroll-cli-'));
  beforeAll(async () => {
    app = await startTestApp();
    await registerEmployees(app.rt.store, [A]);
    for (let i = 0; i < 300; i++) {
      const n = await app.rt.db.pool.query('SELECT count(*)::int AS n FROM pay_employee').then(
        (r) => r.rows[0].n,
        () => 0,
      );
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports bad rows with their line and imports nothing; imports a good file', async () => {
    const env = { DATABASE_URL: app.db.url };
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `nip,TL1,TK\n${A.nip},2,x\n199001012015032001,1,0\n`);
    const dry = await kinerja(['import', 'attendance', '2026-03', bad, '--dry-run'], env);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain(`${bad}:2: ${A.nip} INVALID_ATTENDANCE_COUNT`);
    // A NIP the register lacks is found after parsing, and still named by its line.
    expect(dry.stderr).toContain(`${bad}:3: 199001012015032001 UNKNOWN_EMPLOYEE`);
    expect((await kinerja(['import', 'attendance', '2026-03', bad], env)).code).toBe(1);
    const good = join(dir, 'good.csv');
    writeFileSync(good, `nip,TL1,TK\n${A.nip},2,1\n`);
    const r = await kinerja(['import', 'attendance', '2026-03', good], env);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('imported 1 rows of attendance for 2026-03') });
    const p = join(dir, 'predikat.csv');
    writeFileSync(p, `nip,predikat\n${A.nip},SANGAT_BAIK\n`);
    expect((await kinerja(['import', 'predikat', '2026-03', p], env)).code).toBe(0);
    const { rows } = await app.db.pool.query(
      `SELECT event_type, metadata->>'actor' AS actor FROM events WHERE stream_id LIKE 'Attendance-%' OR stream_id LIKE 'PredikatIssue-%' ORDER BY global_position`,
    );
    expect(rows).toEqual([
      { event_type: 'AttendanceSummaryRecorded', actor: 'system:cli' },
      { event_type: 'PredikatIssued', actor: 'system:cli' },
    ]);
  });
});
