import { generateNips } from '../../libs/kernel/src';
import type { TestApp, TestUser } from './app';

/** Helpers for the people and organisation suites: a small Dinkes built over HTTP. */
export const ADMIN: TestUser = { sub: 'admin.bkpsdm', roles: ['pegawai', 'admin_kepegawaian'] };

/** An employee signing in with no role beyond pegawai. */
export const me = (nip: string): TestUser => ({ sub: `u-${nip}`, nip, roles: ['pegawai'] });
/** The planning suites work in the current year: plans and reports are dated today. */
export const YEAR = new Date().getUTCFullYear();
export const wp = (nip: string, step = '') => `/api/v1/workplans/${nip}/${YEAR}${step ? `/${step}` : ''}`;
/** An RHK with one indicator, cascading from `parentResultId` when given. */
export const rhk = (resultId: string, parentResultId?: string, text = `Hasil ${resultId}`) => ({
  resultId,
  text,
  ...(parentResultId ? { parentResultId } : {}),
  indicators: [
    { indicatorId: `${resultId}-I1`, text: `Indikator ${resultId}`, quantity: 12, unit: 'dokumen', quality: 100, timeMonths: 12 },
  ],
});

export const registerBody = (nip: string, name: string, positionId: string, grade: number, opd = 'DINKES') => ({
  nip,
  name,
  asnStatus: 'PNS',
  employmentState: 'ACTIVE',
  positionId,
  positionGrade: grade,
  orgUnitId: opd,
  salaryBase: '4000000',
  salaryGross: '4500000',
  terCategory: 'A',
  ptkpStatus: 'TK/0',
  bankAccount: { bankName: 'BANK JATENG', accountNumber: '3010012345', accountName: name.toUpperCase() },
  effectiveDate: '2026-01-01',
});

/** Calls and fails loudly unless the answer has the expected status. */
export async function ok(app: TestApp, method: string, path: string, body: unknown, as: TestUser = ADMIN, status = 201) {
  const r = await app.call(method, path, body, {}, as);
  if (r.status !== status) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const [KADIS, KABID_A, KABID_B, SEKRETARIS, ANALIS, ANALIS2, OTHER] = generateNips(7, 4242);

/**
 * Dinkes: Kadis -> Sekretaris; Kadis -> Kabid P2P -> Analis (3 seats). Kabid A until 15 March,
 * Kabid B from then; the Sekretaris is Plt Kadis from April to June. Plus an OPD DISDIK.
 */
export async function buildDinkes(app: TestApp): Promise<void> {
  const unit = (unitId: string, parentUnitId: string | null) =>
    ok(app, 'POST', '/api/v1/org-units', {
      unitId,
      name: unitId,
      parentUnitId,
      ...(parentUnitId ? {} : { budgetCode: `B-${unitId}` }),
      effectiveDate: '2020-01-01',
    });
  const position = (positionId: string, unitId: string, parentPositionId: string | null, grade: number, seats = 1) =>
    ok(app, 'POST', '/api/v1/positions', {
      positionId,
      unitId,
      name: positionId,
      grade,
      parentPositionId,
      seats,
      effectiveDate: '2020-01-01',
    });
  const assign = (positionId: string, nip: string, validFrom: string, extra: object = {}) =>
    ok(app, 'POST', '/api/v1/assignments', { positionId, nip, validFrom, ...extra });
  await unit('DINKES', null);
  await unit('DISDIK', null);
  await unit('DINKES-P2P', 'DINKES');
  await position('KADIS', 'DINKES', null, 15);
  await position('SEKRETARIS', 'DINKES', 'KADIS', 12);
  await position('KABID-P2P', 'DINKES-P2P', 'KADIS', 12);
  await position('ANALIS-P2P', 'DINKES-P2P', 'KABID-P2P', 8, 3);
  await position('KADISDIK', 'DISDIK', null, 15);
  const people: Array<[string, string, string, number]> = [
    [KADIS, 'Dr. Hartono', 'KADIS', 15],
    [SEKRETARIS, 'Ratna Sari', 'SEKRETARIS', 12],
    [KABID_A, 'Agus Santoso', 'KABID-P2P', 12],
    [KABID_B, 'Budi Pratama', 'KABID-P2P', 12],
    [ANALIS, 'Siti Wulandari', 'ANALIS-P2P', 8],
    [ANALIS2, 'Dewi Lestari', 'ANALIS-P2P', 8],
  ];
  for (const [nip, name, pos, grade] of people) await ok(app, 'POST', '/api/v1/employees', registerBody(nip, name, pos, grade));
  await ok(app, 'POST', '/api/v1/employees', registerBody(OTHER, 'Eko Nugroho', 'KADISDIK', 15, 'DISDIK'));
  await assign('KADIS', KADIS, '2026-01-01');
  await assign('SEKRETARIS', SEKRETARIS, '2026-01-01');
  await assign('KABID-P2P', KABID_A, '2026-01-01', { validUntil: '2026-03-15', assignmentId: 'kabid-a' });
  await assign('KABID-P2P', KABID_B, '2026-03-15');
  await assign('ANALIS-P2P', ANALIS, '2026-01-01');
  await assign('ANALIS-P2P', ANALIS2, '2026-01-01');
  await assign('KADISDIK', OTHER, '2026-01-01');
  await assign('KADIS', SEKRETARIS, '2026-04-01', { acting: true, validUntil: '2026-07-01', assignmentId: 'plt-kadis' });
}

/**
 * Polls until `check` holds. Generous on purpose: parallel test files share the machine, and read
 * models follow the log only past the oldest of kinerja's appending transactions.
 */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, tries = 2400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
