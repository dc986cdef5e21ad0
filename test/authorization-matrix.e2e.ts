import { loadPolicyDocuments } from '../libs/policies/src';
import { startTestApp, TestApp, TestUser } from './support/app';
import { ADMIN, ANALIS, ANALIS2, buildDinkes, KABID_B, me, ok, until } from './support/people';

/**
 * Every command endpoint, called in every role, against one table of who may call it. The routes
 * come from the OpenAPI document: an endpoint that is not in the table fails the test.
 */
type Role = 'pegawai' | 'admin_kepegawaian' | 'bendahara' | 'ppk_skpd' | 'kepala_opd' | 'bpkad' | 'inspektorat' | 'admin_opd';

const USERS: Record<Role, TestUser> = {
  pegawai: { sub: 'm-pegawai', nip: ANALIS2, roles: ['pegawai'] },
  admin_kepegawaian: { sub: 'm-admin', roles: ['admin_kepegawaian'] },
  bendahara: { sub: 'm-bendahara', roles: ['bendahara:DINKES'] },
  ppk_skpd: { sub: 'm-ppk', roles: ['ppk_skpd:DINKES'] },
  kepala_opd: { sub: 'm-kepala', roles: ['kepala_opd:DINKES'] },
  bpkad: { sub: 'm-bpkad', roles: ['bpkad'] },
  inspektorat: { sub: 'm-inspektur', roles: ['inspektorat'] },
  admin_opd: { sub: 'm-admin-opd', roles: ['admin_opd:DINKES'] },
};

let n = 0;
const next = () => ++n;
const csvHeader =
  'NIP,NAMA,STATUS_ASN,KEDUDUKAN_HUKUM,JABATAN_ID,NAMA_JABATAN,KELAS_JABATAN,UNOR_ID,GAJI_POKOK,TUNJ_KELUARGA,TUNJ_JABATAN,TUNJ_PROFESI,GAJI_BRUTO,STATUS_PTKP,NAMA_BANK,NO_REKENING,NAMA_REKENING,TMT';

const SAMPLE_POLICY = loadPolicyDocuments()[0];
const month = (k: number) => `${2027 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
const RUN = '/api/v1/payroll/opds/DINKES/runs';
const PLAN = `/api/v1/workplans/${ANALIS2}/2026`;

/**
 * The table: who may call each command endpoint (the subject is an analyst of DINKES), and a valid
 * call. `policyOnly`: the endpoint's success also depends on the state of a run (a step, a return),
 * so for the allowed roles the check is that the access policy lets them through (no 403).
 */
const MATRIX: Record<
  string,
  { allowed: Role[]; path: string; body: () => unknown; headers?: Record<string, string>; policyOnly?: boolean }
> = {
  'POST /api/v1/employees': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/employees',
    body: () => ({
      nip: `19850101201001100${next() % 10}`,
      name: 'Baru',
      asnStatus: 'PPPK',
      positionId: 'ANALIS-P2P',
      positionGrade: 8,
      orgUnitId: 'DINKES',
      salaryBase: '3000000',
      salaryGross: '3500000',
      terCategory: 'A',
      ptkpStatus: 'TK/0',
      bankAccount: { bankName: 'BANK JATENG', accountNumber: '3010099999', accountName: 'BARU' },
      effectiveDate: '2026-01-01',
    }),
  },
  'POST /api/v1/employees/import': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/employees/import',
    body: () => ({
      dryRun: true,
      csv: `${csvHeader}\n198601012010011001,Calon,PNS,AKTIF,ANALIS-P2P,Analis,8,DINKES,3000000,300000,185000,0,3600000,K/1,BANK JATENG,3010077777,CALON,2026-01-01\n`,
    }),
  },
  'POST /api/v1/employees/import/file': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/employees/import/file?dryRun=true',
    headers: { 'content-type': 'text/csv' },
    body: () =>
      `${csvHeader}\n198601012010011001,Calon,PNS,AKTIF,ANALIS-P2P,Analis,8,DINKES,3000000,300000,185000,0,3600000,K/1,BANK JATENG,3010077777,CALON,2026-01-01\n`,
  },
  'POST /api/v1/employees/{nip}/position': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/employees/${ANALIS}/position`,
    body: () => ({ positionId: 'ANALIS-P2P', positionGrade: 8 + (next() % 2), effectiveDate: '2026-02-01' }),
  },
  'POST /api/v1/employees/{nip}/org-unit': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/employees/${ANALIS}/org-unit`,
    body: () => ({ orgUnitId: 'DINKES', effectiveDate: '2026-02-01' }),
  },
  'POST /api/v1/employees/{nip}/employment-state': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/employees/${ANALIS}/employment-state`,
    body: () => ({ employmentState: 'ACTIVE', effectiveDate: '2026-02-01' }),
  },
  'POST /api/v1/employees/{nip}/salary': {
    allowed: ['admin_kepegawaian', 'bendahara'],
    path: `/api/v1/employees/${ANALIS}/salary`,
    body: () => ({ salaryBase: String(4_000_000 + next()), salaryGross: '4900000', effectiveDate: '2026-02-01' }),
  },
  'POST /api/v1/employees/{nip}/tax-category': {
    allowed: ['admin_kepegawaian', 'bendahara'],
    path: `/api/v1/employees/${ANALIS}/tax-category`,
    body: () =>
      next() % 2
        ? { terCategory: 'B', ptkpStatus: 'K/1', effectiveDate: '2026-02-01' }
        : { terCategory: 'A', ptkpStatus: 'K/0', effectiveDate: '2026-02-01' },
  },
  'POST /api/v1/employees/{nip}/bank-account': {
    allowed: ['admin_kepegawaian', 'bendahara'],
    path: `/api/v1/employees/${ANALIS}/bank-account`,
    body: () => ({
      bankAccount: { bankName: 'BANK JATENG', accountNumber: String(3_010_000_000 + next()), accountName: 'SITI' },
      effectiveDate: '2026-02-01',
    }),
  },
  'POST /api/v1/org-units': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/org-units',
    body: () => ({ unitId: `DINKES-U${next()}`, name: 'Seksi', parentUnitId: 'DINKES', effectiveDate: '2026-01-01' }),
  },
  'POST /api/v1/org-units/{unitId}/move': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/org-units/DINKES-P2P/move',
    body: () => ({ parentUnitId: 'DINKES', effectiveDate: '2026-01-01' }),
  },
  'POST /api/v1/positions': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/positions',
    body: () => ({
      positionId: `POS-${next()}`,
      unitId: 'DINKES-P2P',
      name: 'Pengelola',
      grade: 6,
      parentPositionId: 'KABID-P2P',
      seats: 2,
      effectiveDate: '2026-01-01',
    }),
  },
  'POST /api/v1/positions/{positionId}/move': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/positions/ANALIS-P2P/move',
    body: () => ({ unitId: 'DINKES-P2P', parentPositionId: 'KABID-P2P', effectiveDate: '2026-01-01' }),
  },
  'POST /api/v1/assignments': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/assignments',
    body: () => {
      const y = 2030 + next();
      return { positionId: 'SEKRETARIS', nip: ANALIS2, acting: true, validFrom: `${y}-01-01`, validUntil: `${y}-02-01` };
    },
  },
  'POST /api/v1/assignments/{assignmentId}/end': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/assignments/plt-kadis/end',
    body: () => ({ validUntil: '2026-07-01' }),
  },
  'POST /api/v1/audit/verify': { allowed: ['inspektorat'], path: '/api/v1/audit/verify', body: () => undefined },
  // payroll
  'POST /api/v1/payroll/simulations': {
    allowed: ['admin_kepegawaian', 'bpkad', 'inspektorat'],
    path: '/api/v1/payroll/simulations',
    body: () => ({ drafts: [SAMPLE_POLICY], months: ['2026-03'], opdIds: ['DINKES'], top: 1 }),
  },
  'POST /api/v1/policies': {
    allowed: ['bpkad'],
    path: '/api/v1/policies',
    body: () => {
      const k = next();
      return {
        document: { ...SAMPLE_POLICY, policyVersion: `perkada-matrix-${k}/v1`, effectiveFrom: `${2040 + k}-01-01` },
        reason: 'Perkada baru',
      };
    },
  },
  'POST /api/v1/payroll/attendance/{month}/import': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/payroll/attendance/2026-03/import',
    body: () => ({ csv: `nip,TL1\n${ANALIS},1\n`, dryRun: true }),
  },
  'POST /api/v1/payroll/predikat/{month}/import': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/payroll/predikat/2026-03/import',
    body: () => ({ csv: `nip,predikat\n${ANALIS},BAIK\n`, dryRun: true }),
  },
  'POST /api/v1/reconciliation/bkn/{period}/import': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/reconciliation/bkn/2026-03/import',
    body: () => ({
      fileName: 'ekinerja.csv',
      contentBase64: Buffer.from(`NIP;PREDIKAT\n${ANALIS};BAIK\n`).toString('base64'),
      dryRun: true,
    }),
  },
  // Success needs a BKN export and a difference: for the allowed role the check is that access lets it through.
  'POST /api/v1/reconciliation/bkn/{month}/differences/{nip}/resolve': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/reconciliation/bkn/2026-03/differences/${ANALIS}/resolve`,
    body: () => ({ choice: 'BKN', reason: 'predikat BKN hasil kalibrasi' }),
    policyOnly: true,
  },
  'POST /api/v1/payroll/predikat-amendments': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/payroll/predikat-amendments',
    body: () => ({ objectionId: `KEB-${next()}`, nip: ANALIS, month: '2026-02', predikat: 'BAIK', reason: 'keberatan dikabulkan' }),
  },
  'POST /api/v1/payroll/sanctions': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/payroll/sanctions',
    body: () => ({ sanctionId: `HD-${next()}`, nip: ANALIS, type: 'RINGAN', startMonth: '2026-01', months: 1, reason: 'teguran lisan' }),
  },
  'POST /api/v1/payroll/opds/{opdId}/budgets/{month}': {
    allowed: ['bpkad'],
    path: '/api/v1/payroll/opds/DINKES/budgets/2026-03',
    body: () => ({ amount: String(100_000_000 + next()), reason: 'DPA 2026' }),
  },
  'POST /api/v1/payroll/opds/{opdId}/runs': { allowed: ['bendahara'], path: RUN, body: () => ({ month: month(next()) }) },
  'POST /api/v1/payroll/opds/{opdId}/runs/{month}/calculate': {
    allowed: ['bendahara'],
    path: `${RUN}/2026-09/calculate`,
    body: () => undefined,
    policyOnly: true,
  },
  'POST /api/v1/payroll/opds/{opdId}/runs/{month}/return': {
    allowed: ['ppk_skpd', 'kepala_opd', 'bpkad'],
    path: `${RUN}/2026-09/return`,
    body: () => ({ reason: 'lampiran kurang' }),
    policyOnly: true,
  },
  'POST /api/v1/payroll/opds/{opdId}/runs/{month}/slips/{nip}/recalculate': {
    allowed: ['bendahara'],
    path: `${RUN}/2026-09/slips/${ANALIS}/recalculate`,
    body: () => ({ reason: 'absensi diperbaiki' }),
    policyOnly: true,
  },
  // planning (the pegawai is ANALIS2, whose supervisor today is the Kabid: nobody in the table supervises them)
  'POST /api/v1/workplans/{nip}/{year}/draft': {
    allowed: ['pegawai'],
    path: `${PLAN}/draft`,
    body: () => ({
      results: [
        {
          resultId: `R-${next()}`,
          text: 'Rencana',
          indicators: [{ text: 'Indikator', quantity: 1, unit: 'dokumen', quality: 100, timeMonths: 12 }],
        },
      ],
    }),
  },
  'POST /api/v1/workplans/{nip}/{year}/submit': { allowed: ['pegawai'], path: `${PLAN}/submit`, body: () => ({}), policyOnly: true },
  'POST /api/v1/workplans/{nip}/{year}/revise': {
    allowed: ['pegawai'],
    path: `${PLAN}/revise`,
    body: () => ({
      reason: 'revisi',
      results: [{ text: 'Rencana', indicators: [{ text: 'Indikator', quantity: 1, unit: 'dokumen', quality: 100, timeMonths: 12 }] }],
    }),
    policyOnly: true,
  },
  // handing one RHK to many subordinates: the supervisor of each (nobody in the table supervises ANALIS2)
  'POST /api/v1/workplans/{nip}/{year}/result-templates': {
    allowed: [],
    path: `${PLAN}/result-templates`,
    body: () => ({
      template: {
        resultId: 'T-1',
        text: 'Hasil bersama',
        parentResultId: 'K-1',
        indicators: [{ indicatorId: 'T-1-I1', text: 'Dokumen', unit: 'dokumen', quality: 100, timeMonths: 12 }],
      },
      assignees: [{ nip: ANALIS2, targets: [{ indicatorId: 'T-1-I1', quantity: 4 }] }],
    }),
    policyOnly: true,
  },
  'POST /api/v1/workplans/{nip}/{year}/approve': { allowed: [], path: `${PLAN}/approve`, body: () => ({}), policyOnly: true },
  'POST /api/v1/workplans/{nip}/{year}/return': {
    allowed: [],
    path: `${PLAN}/return`,
    body: () => ({ notes: 'perbaiki' }),
    policyOnly: true,
  },
  // monitoring: filing is one's own (the RHK must be in one's plan, hence policyOnly); answering and unlocking are the supervisor's
  'POST /api/v1/daily-reports/{nip}': {
    allowed: ['pegawai'],
    path: `/api/v1/daily-reports/${ANALIS2}`,
    body: () => ({ date: '2026-03-02', durationMinutes: 60, resultId: 'R-1', output: 'Kegiatan' }),
    policyOnly: true,
  },
  'POST /api/v1/daily-reports/{nip}/unlock': {
    allowed: [],
    path: `/api/v1/daily-reports/${ANALIS2}/unlock`,
    body: () => ({ date: '2026-03-02' }),
    policyOnly: true,
  },
  'POST /api/v1/daily-reports/{nip}/{month}/{reportId}/answer': {
    allowed: [],
    path: `/api/v1/daily-reports/${ANALIS2}/2026-03/LH-1/answer`,
    body: () => ({ kind: 'ACKNOWLEDGED' }),
    policyOnly: true,
  },
  // 360 feedback: the rater invites; any employee may try to answer (the decider admits only the invited, hence policyOnly)
  'POST /api/v1/feedback/{nip}/{year}/invitations': {
    allowed: [],
    path: `/api/v1/feedback/${ANALIS}/2026/invitations`,
    body: () => ({ invitees: [{ nip: ANALIS2, relation: 'PEER' }] }),
    policyOnly: true,
  },
  'POST /api/v1/feedback/{nip}/{year}': {
    allowed: ['pegawai'],
    path: `/api/v1/feedback/${ANALIS}/2026`,
    body: () => ({ scores: { BERORIENTASI_PELAYANAN: 4, AKUNTABEL: 4, KOMPETEN: 4, HARMONIS: 4, LOYAL: 4, ADAPTIF: 4, KOLABORATIF: 4 } }),
    policyOnly: true,
  },
  // evidence and realisation: uploads and realisations are one's own (the type and the plan decide the rest, hence policyOnly)
  // Attendance machines (issue 16): an OPD's admin for its devices, BKPSDM for all. The scan upload's body is the file
  // itself; sent here as JSON it is refused (SCAN_FILE_TYPE_REFUSED) after the access check, hence policyOnly.
  'POST /api/v1/attendance/devices/{deviceId}': {
    allowed: ['admin_kepegawaian', 'admin_opd'],
    path: '/api/v1/attendance/devices/MESIN-MATRIX',
    body: () => ({ opdId: 'DINKES', pins: [{ pin: '1', nip: ANALIS }] }),
    policyOnly: true,
  },
  'POST /api/v1/attendance/scans/{month}': {
    allowed: ['admin_kepegawaian', 'admin_opd'],
    path: '/api/v1/attendance/scans/2026-11?format=csv',
    body: () => ({ csv: 'nip,timestamp,device' }),
    policyOnly: true,
  },
  'POST /api/v1/evidence': { allowed: ['pegawai'], path: '/api/v1/evidence', body: () => ({ file: 'not a PDF' }), policyOnly: true },
  'POST /api/v1/realisations/{nip}/{period}': {
    allowed: ['pegawai'],
    path: `/api/v1/realisations/${ANALIS2}/2026-03`,
    body: () => ({ indicatorId: 'R-1-I1', quantity: 1, quality: 100, timeMonths: 1, evidence: [] }),
    policyOnly: true,
  },
  'POST /api/v1/realisations/{nip}/{period}/{indicatorId}/answer': {
    allowed: [],
    path: `/api/v1/realisations/${ANALIS2}/2026-03/R-1-I1/answer`,
    body: () => ({ kind: 'ACKNOWLEDGED' }),
    policyOnly: true,
  },
  // public feedback links: the rater or BKPSDM opens and closes them; answering is public (no token needed, so every role gets through the policy)
  'POST /api/v1/feedback/{nip}/{year}/public-links': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/feedback/${ANALIS}/2026/public-links`,
    body: () => ({ service: 'Loket' }),
  },
  'POST /api/v1/feedback/{nip}/{year}/public-links/{linkId}/close': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/feedback/${ANALIS}/2026/public-links/${'f'.repeat(64)}/close`,
    body: () => undefined,
    policyOnly: true,
  },
  'POST /api/v1/public-feedback/{token}': {
    allowed: ['pegawai', 'admin_kepegawaian', 'bendahara', 'ppk_skpd', 'kepala_opd', 'bpkad', 'inspektorat', 'admin_opd'],
    path: `/api/v1/public-feedback/${'t'.repeat(32)}`,
    body: () => ({ ratings: { KECEPATAN: 5, KEJELASAN: 5, KERAMAHAN: 5, KEMUDAHAN: 5 } }),
    policyOnly: true,
  },
  // the console's demo sign-in is public (no token); this Pemda is no demo, so nobody gets a token (404 DEMO_SIGN_IN_DISABLED)
  'POST /api/v1/session/demo': {
    allowed: ['pegawai', 'admin_kepegawaian', 'bendahara', 'ppk_skpd', 'kepala_opd', 'bpkad', 'inspektorat', 'admin_opd'],
    path: '/api/v1/session/demo',
    body: () => ({ username: 'kepala.dinkes' }),
    policyOnly: true,
  },
  'POST /api/v1/payroll/opds/{opdId}/runs/{month}/{step}': {
    allowed: ['bendahara'],
    path: `${RUN}/2026-09/submit`,
    body: () => ({ digest: '0'.repeat(64) }),
    policyOnly: true,
  },
  // appraisal: the rater is the supervisor on the period's last day (none of these users); the objection is one's own;
  // the decision is the rater's supervisor's on the issue date; the unit's result is BKPSDM's, its issue the head's
  'POST /api/v1/appraisals/{nip}/{period}/rating': {
    allowed: [],
    path: `/api/v1/appraisals/${ANALIS}/2026-03/rating`,
    body: () => ({ results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' }),
    policyOnly: true,
  },
  'POST /api/v1/appraisals/{nip}/{period}/objection': {
    allowed: ['pegawai'],
    path: `/api/v1/appraisals/${ANALIS2}/2026-03/objection`,
    body: () => ({ reasons: 'keberatan' }),
    policyOnly: true,
  },
  'POST /api/v1/appraisals/{nip}/{period}/objection/decision': {
    allowed: [],
    path: `/api/v1/appraisals/${ANALIS}/2026-03/objection/decision`,
    body: () => ({ outcome: 'CONFIRM', reasons: 'tetap' }),
    policyOnly: true,
  },
  'POST /api/v1/appraisal-units/{opdId}/{period}/organisation-result': {
    allowed: ['admin_kepegawaian'],
    path: '/api/v1/appraisal-units/DINKES/2026-03/organisation-result',
    body: () => ({ result: 'BAIK', reason: 'LKjIP' }),
  },
  'POST /api/v1/appraisal-units/{opdId}/{period}/justification': {
    allowed: ['kepala_opd'],
    path: '/api/v1/appraisal-units/DINKES/2026-03/justification',
    body: () => ({ justification: 'alasan' }),
    policyOnly: true,
  },
  'POST /api/v1/appraisal-units/{opdId}/{period}/issue': {
    allowed: ['kepala_opd'],
    path: '/api/v1/appraisal-units/DINKES/2026-03/issue',
    body: () => undefined,
    policyOnly: true,
  },
  'POST /api/v1/follow-up/employees/{nip}/year-predikat': {
    allowed: ['admin_kepegawaian'],
    path: `/api/v1/follow-up/employees/${ANALIS}/year-predikat`,
    body: () => ({ year: 2000 + (next() % 20), predikat: 'BAIK', source: 'e-Kinerja BKN', reason: 'SKP' }),
    policyOnly: true,
  },
  // A query, in the table because it opens a staff member's plan to them: their supervisor's approved RHK.
  'GET /api/v1/workplans/{nip}/{year}/parent-results': {
    allowed: ['pegawai', 'admin_kepegawaian', 'inspektorat'],
    path: `${PLAN}/parent-results`,
    body: () => undefined,
  },
  'POST /api/v1/trainings/{nip}': {
    allowed: ['pegawai', 'admin_kepegawaian'],
    path: `/api/v1/trainings/${ANALIS2}`,
    body: () => ({ course: `Pelatihan ${next()}`, hours: 8, completedOn: '2026-03-10' }),
  },
  // attendance: leave (the employee, the OPD's admin, BKPSDM ask; only the supervisor of the day decides) and fault days
  'POST /api/v1/leave/{nip}': {
    allowed: ['pegawai', 'admin_kepegawaian', 'admin_opd'],
    path: `/api/v1/leave/${ANALIS2}`,
    body: () => {
      const day = `${2030 + next()}-01-02`;
      return { kind: 'CUTI_TAHUNAN', from: day, to: day, document: 'SC/1/2030', reason: 'Keluarga' };
    },
  },
  'POST /api/v1/leave/{nip}/{leaveId}/decision': {
    allowed: [],
    path: `/api/v1/leave/${ANALIS2}/nope/decision`,
    body: () => ({ approve: true }),
    policyOnly: true,
  },
  'POST /api/v1/leave/{nip}/{leaveId}/cancel': {
    allowed: ['pegawai', 'admin_kepegawaian', 'admin_opd'],
    path: `/api/v1/leave/${ANALIS2}/nope/cancel`,
    body: () => ({ reason: 'Batal' }),
    policyOnly: true,
  },
  'POST /api/v1/attendance/opds/{opdId}/fault-days': {
    allowed: ['admin_kepegawaian', 'admin_opd'],
    path: '/api/v1/attendance/opds/DINKES/fault-days',
    body: () => ({ date: '2026-01-05', reason: 'Listrik padam' }),
  },
  // DINKES works the five-day week: the roster is refused (NOT_A_SHIFT_SCHEDULE) after the access policy let the caller through.
  'POST /api/v1/attendance/opds/{opdId}/rosters/{month}': {
    allowed: ['admin_kepegawaian', 'admin_opd'],
    path: '/api/v1/attendance/opds/DINKES/rosters/2026-01',
    body: () => ({ csv: `nip,tanggal,shift\n${ANALIS2},2026-01-05,P\n` }),
    policyOnly: true,
  },
  'POST /api/v1/attendance/opds/{opdId}/months/{month}/summary': {
    allowed: ['admin_kepegawaian', 'admin_opd'],
    path: '/api/v1/attendance/opds/DINKES/months/2026-01/summary',
    body: () => undefined,
  },
};

const DENIAL_CODES = [
  'READ_ONLY_ROLE',
  'PAY_IS_PRIVATE',
  'OWN_RECORD_CHANGE',
  'OUTSIDE_OPD',
  'RATER_MAY_NOT_DECIDE',
  'NOT_SUPERVISOR',
  'NOT_RATERS_SUPERVISOR',
  'NOT_OWN_RECORD',
  'ROLE_REQUIRED',
];

describe('authorisation matrix: every command endpoint in every role', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await buildDinkes(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists every command endpoint of the API in the table (and nothing that does not exist)', async () => {
    const spec = (await app.call('GET', '/docs/openapi.json', undefined, {}, null)).body;
    const commands: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(spec.paths))
      for (const method of Object.keys(ops))
        if (['post', 'put', 'patch', 'delete'].includes(method)) commands.push(`${method.toUpperCase()} ${path}`);
    expect(commands.sort()).toEqual(
      Object.keys(MATRIX)
        .filter((k) => !k.startsWith('GET '))
        .sort(),
    );
  });

  for (const [endpoint, spec] of Object.entries(MATRIX))
    it(`${endpoint}: allowed for ${spec.allowed.join(', ')}; 403 with a code for the others`, async () => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const role of Object.keys(USERS) as Role[]) {
        const r = await app.call(endpoint.split(' ')[0], spec.path, spec.body(), spec.headers ?? {}, USERS[role]);
        expected[role] = spec.allowed.includes(role) ? 'allowed' : 'denied';
        if (r.status === 403)
          outcome[role] = DENIAL_CODES.includes(r.body.error?.code) ? 'denied' : `403 without a policy code: ${JSON.stringify(r.body)}`;
        else
          outcome[role] =
            (r.status >= 200 && r.status < 300) || (spec.policyOnly && r.status !== 401 && r.status < 500)
              ? 'allowed'
              : `${r.status} ${JSON.stringify(r.body)}`;
      }
      expect(outcome).toEqual(expected);
    });

  it('pay: the finance roles of the run’s OPD read its lines; a supervisor without one is refused (PAY_IS_PRIVATE); the employee reads their own', async () => {
    const MONTH = '2026-08';
    await until(
      async () =>
        Number(
          (await app.db.pool.query('SELECT count(*) AS n FROM pay_employee WHERE nip = ANY($1)', [[ANALIS, ANALIS2]]).catch(() => null))
            ?.rows[0].n,
        ) === 2,
      'the register in the payroll read model',
    );
    await ok(app, 'POST', `/api/v1/payroll/predikat/${MONTH}/import`, { csv: `nip,predikat\n${ANALIS},BAIK\n${ANALIS2},BAIK\n` }, ADMIN);
    await ok(app, 'POST', RUN, { month: MONTH }, USERS.bendahara);
    await ok(app, 'POST', `${RUN}/${MONTH}/calculate`, undefined, USERS.bendahara, 202);
    // The PPK verifies the run, so they read every line of it.
    const lines = await until(async () => {
      const r = await app.call('GET', `${RUN}/${MONTH}/lines`, undefined, {}, USERS.ppk_skpd);
      return r.status === 200 && r.body.lines.length === 2 && r.body.lines;
    }, 'the run’s lines');
    expect(lines.map((l: { nip: string }) => l.nip).sort()).toEqual([ANALIS, ANALIS2].sort());
    const pay = `/api/v1/employees/${ANALIS}/pay/${MONTH}`;
    await until(async () => {
      const r = await app.call('GET', pay, undefined, {}, me(ANALIS));
      return r.status === 200 && r.body.lines.length === 1;
    }, 'the pay ledger');
    // KABID_B supervises ANALIS today: as a supervisor alone, refused; the same person as PPK of the OPD reads it.
    const supervisorAsPpk: TestUser = { sub: 'm-kabid-ppk', nip: KABID_B, roles: ['pegawai', 'ppk_skpd:DINKES'] };
    const bendaharaDisdik: TestUser = { sub: 'm-bendahara-disdik', roles: ['bendahara:DISDIK'] };
    const outcome: Record<string, unknown> = {};
    for (const [who, user] of [
      ['the employee', me(ANALIS)],
      ['ppk of the OPD', USERS.ppk_skpd],
      ['bendahara of the OPD', USERS.bendahara],
      ['kepala of the OPD (signer)', USERS.kepala_opd],
      ['bpkad', USERS.bpkad],
      ['the supervisor', me(KABID_B)],
      ['the supervisor who is ppk of the OPD', supervisorAsPpk],
      ['a colleague', me(ANALIS2)],
      ['another OPD’s bendahara', bendaharaDisdik],
    ] as const) {
      const r = await app.call('GET', pay, undefined, {}, user);
      outcome[who] = r.status === 200 ? 200 : [r.status, r.body.error?.code];
    }
    expect(outcome).toEqual({
      'the employee': 200,
      'ppk of the OPD': 200,
      'bendahara of the OPD': 200,
      'kepala of the OPD (signer)': 200,
      bpkad: 200,
      'the supervisor': [403, 'PAY_IS_PRIVATE'],
      'the supervisor who is ppk of the OPD': 200,
      'a colleague': [403, 'NOT_OWN_RECORD'],
      'another OPD’s bendahara': [403, 'OUTSIDE_OPD'],
    });
  });

  it('answers 404 UNKNOWN_OPD for an OPD that does not exist on the payroll and appraisal-unit routes, whoever asks, appending nothing', async () => {
    const ofThese = async () =>
      Number(
        (
          await app.db.pool.query(`SELECT count(*) AS n FROM events WHERE stream_id LIKE ANY($1)`, [
            ['%NOPE%', '%DINKES-P2P%', '%constructor%'],
          ])
        ).rows[0].n,
      );
    const before = await ofThese();
    const outcome: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    // NOPE names nothing; DINKES-P2P is a unit inside an OPD, not an OPD; `constructor` is a name of Object.prototype.
    for (const opd of ['NOPE', 'DINKES-P2P', 'constructor'])
      for (const [method, path, body, user] of [
        ['GET', `/api/v1/payroll/opds/${opd}/runs/2026-08`, undefined, USERS.bendahara],
        ['GET', `/api/v1/payroll/opds/${opd}/runs/2026-08/lines`, undefined, USERS.bpkad],
        ['POST', `/api/v1/payroll/opds/${opd}/runs`, { month: '2026-08' }, USERS.bendahara],
        ['POST', `/api/v1/payroll/opds/${opd}/runs/2026-08/verify`, { digest: '0'.repeat(64) }, USERS.ppk_skpd],
        ['GET', `/api/v1/appraisal-units/${opd}/2026-03/distribution`, undefined, USERS.kepala_opd],
        ['GET', `/api/v1/appraisal-units/${opd}/2026-03`, undefined, USERS.admin_kepegawaian],
        [
          'POST',
          `/api/v1/appraisal-units/${opd}/2026-03/organisation-result`,
          { result: 'BAIK', reason: 'LKjIP' },
          USERS.admin_kepegawaian,
        ],
        ['POST', `/api/v1/appraisal-units/${opd}/2026-03/issue`, undefined, USERS.pegawai],
      ] as const) {
        const key = `${method} ${path} as ${user.sub}`;
        const r = await app.call(method, path, body, {}, user);
        outcome[key] = [r.status, r.body.error?.code];
        expected[key] = [404, 'UNKNOWN_OPD'];
      }
    expect(outcome).toEqual(expected);
    expect(await ofThese()).toBe(before);
  });

  it('records the grant that allowed a command in the event metadata', async () => {
    await ok(
      app,
      'POST',
      `/api/v1/employees/${ANALIS}/salary`,
      { salaryBase: '4500000', salaryGross: '5000000', effectiveDate: '2026-03-01' },
      USERS.bendahara,
    );
    const { rows } = await app.db.pool.query(`SELECT metadata FROM events WHERE stream_id = $1 ORDER BY stream_position DESC LIMIT 1`, [
      `Employee-${ANALIS}`,
    ]);
    expect(rows[0].metadata).toMatchObject({ actor: 'm-bendahara', role: 'role:bendahara' });
  });
});
