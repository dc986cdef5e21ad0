/**
 * The load bench's Pemda, written onto the database of a running kinerja (not timed): one OPD of
 * `n` employees in teams of ten (a Kepala Seksi over nine staff, every Kepala Seksi under the head
 * of the OPD), each with a drafted SKP to report on, and the OPD's payroll month ready to
 * calculate (predikat and attendance imported, the run opened). The register and the org chart are
 * appended as events (as the payroll bench's fixtures do: the shape a registry import leaves), the
 * SKP and the payroll inputs go through the application's command handlers. Returns a token for
 * every staff member and for their Kepala Seksi, signed with the app's development secret.
 */
import type { Actor, Nip } from '../../libs/kernel/src';
import { generateNips } from '../../libs/kernel/src';
import { employeeStreamId } from '../../libs/domain/employee';
import { ORGANISATION_STREAM_ID } from '../../libs/domain/organisation';
import { DraftWorkPlan, ImportPayInputs, OpenPayrollRun } from '../../libs/application/src';
import { applicationContext, createLogger, createRuntime, loadConfig } from '../../libs/platform/src';
import { ensureOpds } from '../../test/fixtures/payroll';

export const OPD = 'OPD-LOAD';
export const PAY_MONTH = '2026-06';
export const RESULT_ID = 'RHK-LOAD-1';
const TEAM = 10;
const AT = '2026-01-01T08:00:00+07:00';
const admin: Actor = { userId: 'bench-admin', roles: ['admin_kepegawaian'] };
export const bendahara: Actor = { userId: 'bench-bendahara', roles: [`bendahara:${OPD}`] };

export interface Seeded {
  /** One line per staff member: `nip staffToken supervisorToken`. */
  users: string[];
  supervisors: number;
  bendaharaToken: string;
}

export interface SeedTarget {
  /** The environment the app runs with (DATABASE_URL or DATA_DIR, REDIS_URL, the secret…). */
  env: Record<string, string>;
  year: number;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

export async function seed(n: number, target: SeedTarget, progress: (msg: string) => void): Promise<Seeded> {
  const config = loadConfig({ ...target.env, LOG_LEVEL: 'silent' });
  const rt = await createRuntime(config, createLogger(config), { attach: true });
  try {
    const store = rt.store;
    const nips = generateNips(n, 17);
    const teams = Math.ceil(n / TEAM);
    await ensureOpds(store, [OPD]);
    const pos = (positionId: string, parentPositionId: string | null, seats: number, grade: number) => ({
      type: 'PositionCreated',
      data: { at: AT, positionId, unitId: OPD, name: positionId, grade, parentPositionId, seats, effectiveDate: '2020-01-01' },
    });
    const hold = (positionId: string, nip: string) => ({
      type: 'HolderAssigned',
      data: { at: AT, assignmentId: `A-${nip}`, positionId, nip, acting: false, validFrom: '2020-01-01' },
    });
    const positionOf = (i: number) =>
      i === 0 ? 'LOAD-HEAD' : i % TEAM === 0 ? `LOAD-SUP-${i / TEAM}` : `LOAD-STAFF-${Math.floor(i / TEAM)}`;
    const org: Array<{ type: string; data: object }> = [pos('LOAD-HEAD', null, 1, 15)];
    for (let t = 0; t < teams; t++) {
      if (t > 0) org.push(pos(`LOAD-SUP-${t}`, 'LOAD-HEAD', 1, 9));
      org.push(pos(`LOAD-STAFF-${t}`, t === 0 ? 'LOAD-HEAD' : `LOAD-SUP-${t}`, TEAM, 5));
    }
    nips.forEach((nip, i) => org.push(hold(positionOf(i), nip)));
    for (let i = 0; i < org.length; i += 1000)
      await store.append(ORGANISATION_STREAM_ID, org.slice(i, i + 1000), { expectedVersion: 'any' });
    progress(`org chart: ${org.length} events`);
    await pool(nips, 32, (nip, i) =>
      store.append(
        employeeStreamId(nip),
        [
          {
            type: 'EmployeeRegistered',
            data: {
              nip,
              effectiveDate: '2026-01-01',
              at: AT,
              name: `Pegawai Beban ${i + 1}`,
              asnStatus: 'PNS',
              employmentState: 'ACTIVE',
              positionId: positionOf(i),
              positionGrade: i % TEAM === 0 ? 9 : 5,
              orgUnitId: OPD,
              salaryBase: String(2_500_000 + (i % 40) * 100_000),
              salaryGross: String(3_000_000 + (i % 40) * 100_000),
              terCategory: (['A', 'B', 'C'] as const)[i % 3],
              ptkpStatus: 'K/1',
              bankAccount: { bankName: 'BANK JATENG', accountNumber: nip.slice(-10), accountName: `PEGAWAI BEBAN ${i + 1}` },
            },
            metadata: { actor: admin.userId, role: 'admin_kepegawaian' },
          },
        ],
        { expectedVersion: 'any' },
      ),
    );
    progress(`register: ${n} employees`);
    const app = await applicationContext(rt);
    const results = [
      {
        resultId: RESULT_ID,
        text: 'Terlaksananya layanan administrasi',
        indicators: [
          { indicatorId: `${RESULT_ID}-IKI1`, text: 'Layanan selesai', unit: 'layanan', quantity: 100, quality: 100, timeMonths: 12 },
        ],
      },
    ];
    await pool(nips, 8, (nip) =>
      app.commands.execute(
        new DraftWorkPlan(
          nip as Nip,
          target.year,
          results,
          { userId: `u-${nip}`, nip, roles: ['pegawai'] },
          { idempotencyKey: `load-skp-${nip}` },
        ),
      ),
    );
    progress(`SKP drafted: ${n}`);
    // The payroll inputs are checked against the projected register: wait for the worker.
    for (;;) {
      const { rows } = await rt.db.pool.query(`SELECT count(*)::int AS n FROM pay_employee WHERE opd_id = $1`, [OPD]).catch(() => ({
        rows: [{ n: 0 }],
      }));
      if (rows[0].n >= n) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const PRED = ['SANGAT_BAIK', 'BAIK', 'BAIK', 'BUTUH_PERBAIKAN'];
    const csv = (text: string) => ({ csv: text, dryRun: false });
    await app.commands.execute(
      new ImportPayInputs('predikat', PAY_MONTH, csv('nip,predikat\n' + nips.map((nip, i) => `${nip},${PRED[i % 4]}`).join('\n')), admin),
    );
    await app.commands.execute(
      new ImportPayInputs('attendance', PAY_MONTH, csv('nip,TL1,TL2,TK\n' + nips.map((nip, i) => `${nip},${i % 4},0,0`).join('\n')), admin),
    );
    await app.commands.execute(new OpenPayrollRun(OPD, PAY_MONTH, bendahara, {}));
    progress(`payroll run ${OPD} ${PAY_MONTH} opened`);
    const token = (nip: string) => rt.auth.sign({ sub: `u-${nip}`, nip, roles: ['pegawai'] }, { expiresIn: '2h' });
    const users: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i % TEAM === 0) continue;
      const sup = nips[i < TEAM ? 0 : Math.floor(i / TEAM) * TEAM];
      users.push(`${nips[i]} ${await token(nips[i])} ${await token(sup)}`);
    }
    return {
      users,
      supervisors: teams,
      bendaharaToken: await rt.auth.sign({ sub: bendahara.userId, roles: bendahara.roles }, { expiresIn: '2h' }),
    };
  } finally {
    await rt.close();
  }
}
