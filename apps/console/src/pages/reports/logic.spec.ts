import { FileDailyReportBody } from '@kinerja/contracts';
import { EVIDENCE_SAMPLES } from '@kinerja/domain/evidence/fixtures';
import {
  byPerson,
  countStates,
  dayState,
  evidenceProblem,
  evidenceTypeOf,
  fieldErrorsOf,
  leadingBlanks,
  monthCalendar,
  numberOf,
  optionalText,
  rhkOptions,
  runEach,
  shiftMonth,
  type ReportLike,
} from './logic';

const report = (date: string, answer: ReportLike['answer'] = null, reportId = `LH-${date}`): ReportLike => ({ reportId, date, answer });

describe('the month calendar of daily reports', () => {
  const today = '2026-11-18'; // a Wednesday

  it('gives each day its state: sent back, answered, filled, missing, weekend, future', () => {
    expect(dayState('2026-11-02', [], today)).toBe('MISSING');
    expect(dayState('2026-11-01', [], today)).toBe('WEEKEND'); // Sunday
    expect(dayState('2026-11-07', [], today)).toBe('WEEKEND'); // Saturday
    expect(dayState('2026-11-19', [], today)).toBe('FUTURE');
    expect(dayState('2026-11-18', [], today)).toBe('MISSING');
    expect(dayState('2026-11-03', [report('2026-11-03')], today)).toBe('FILLED');
    expect(dayState('2026-11-03', [report('2026-11-03', { kind: 'ACKNOWLEDGED', note: null })], today)).toBe('ANSWERED');
    expect(dayState('2026-11-03', [report('2026-11-03', { kind: 'NOTE', note: 'ok' })], today)).toBe('ANSWERED');
    // One answered and one waiting: still waiting. One sent back: sent back, whatever the others.
    expect(
      dayState('2026-11-03', [report('2026-11-03', { kind: 'ACKNOWLEDGED', note: null }, 'a'), report('2026-11-03', null, 'b')], today),
    ).toBe('FILLED');
    expect(
      dayState(
        '2026-11-03',
        [report('2026-11-03', { kind: 'ACKNOWLEDGED', note: null }, 'a'), report('2026-11-03', { kind: 'NEEDS_REVISION', note: 'x' }, 'b')],
        today,
      ),
    ).toBe('SENT_BACK');
    // A report filed on a weekend day counts as filled.
    expect(dayState('2026-11-07', [report('2026-11-07')], today)).toBe('FILLED');
  });

  it('lays out the whole month with the reports on their days, and counts the states', () => {
    const days = monthCalendar('2026-11', [report('2026-11-02'), report('2026-11-03', { kind: 'NEEDS_REVISION', note: 'x' })], today);
    expect(days).toHaveLength(30);
    expect(days[0]).toMatchObject({ date: '2026-11-01', state: 'WEEKEND', weekend: true, reports: [] });
    expect(days[1]).toMatchObject({ date: '2026-11-02', state: 'FILLED' });
    expect(days[1].reports).toHaveLength(1);
    expect(days[2].state).toBe('SENT_BACK');
    const counts = countStates(days);
    // Working days 4..18 November without a report: 4,5,6,9..13,16,17,18 = 11.
    expect(counts.get('MISSING')).toBe(11);
    expect(counts.get('WEEKEND')).toBe(9);
    expect(counts.get('FUTURE')).toBe(8); // 19, 20, 23..27, 30
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('starts the week on Monday and moves across years', () => {
    expect(leadingBlanks('2026-11')).toBe(6); // 1 November 2026 is a Sunday
    expect(leadingBlanks('2026-06')).toBe(0); // a Monday
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 0)).toBe('2026-11');
  });
});

describe('the RHK to choose from', () => {
  const version = (version: number, status: string, ids: string[]) => ({
    version,
    status,
    results: ids.map((resultId) => ({
      resultId,
      text: `RHK ${resultId}`,
      indicators: [{ indicatorId: `${resultId}-1`, text: 'IKI', quantity: 12, unit: 'dokumen', quality: 100, timeMonths: 12 }],
    })),
  });

  it('takes the version in force, else the current one; nothing without a plan', () => {
    const plan = { current: 2, inForce: 1, versions: [version(1, 'APPROVED', ['A', 'B']), version(2, 'DRAFT', ['C'])] };
    expect(rhkOptions(plan).map((o) => o.value)).toEqual(['A', 'B']);
    expect(rhkOptions(plan)[0]).toEqual({
      value: 'A',
      label: 'RHK A',
      indicators: [{ indicatorId: 'A-1', text: 'IKI', quantity: 12, unit: 'dokumen' }],
    });
    expect(rhkOptions({ current: 2, inForce: null, versions: plan.versions }).map((o) => o.value)).toEqual(['C']);
    expect(rhkOptions(undefined)).toEqual([]);
    expect(rhkOptions({ current: null, inForce: null, versions: [] })).toEqual([]);
    // A malformed row is skipped, not a crash.
    expect(rhkOptions({ current: 1, inForce: 1, versions: [{ version: 1, results: [null, { text: 'no id' }] }] })).toEqual([]);
  });
});

describe('form values checked with the API’s own schema', () => {
  it('names the fields the daily report body refuses, in Indonesian', () => {
    const r = FileDailyReportBody.safeParse({ date: '2026-11-30', durationMinutes: 1.5, resultId: '', output: '' });
    const errors = fieldErrorsOf(r.error);
    expect([...errors.keys()].sort()).toEqual(['durationMinutes', 'output', 'resultId']);
    expect(errors.get('output')).toBe('Wajib diisi.');
    expect(
      fieldErrorsOf(FileDailyReportBody.safeParse({ date: '30/11', durationMinutes: 30, resultId: 'A', output: 'x' }).error).get('date'),
    ).toBe('Format isian tidak sesuai.');
    expect(
      fieldErrorsOf(FileDailyReportBody.safeParse({ date: '2026-11-30', durationMinutes: 30, resultId: 'A', output: 'x' }).error).size,
    ).toBe(0);
  });

  it('reads blank optional text as absent and numbers with a decimal comma', () => {
    expect(optionalText('  ')).toBeUndefined();
    expect(optionalText(' https://x ')).toBe('https://x');
    expect(numberOf('')).toBeUndefined();
    expect(numberOf('1,5')).toBe(1.5);
    expect(numberOf(30)).toBe(30);
    expect(numberOf('abc')).toBeUndefined();
  });
});

describe('evidence checked before upload', () => {
  const pdf = { name: 'laporan.pdf', type: 'application/pdf', size: 1000 };

  it('knows the type from the browser or the extension', () => {
    expect(evidenceTypeOf(pdf)).toBe('application/pdf');
    expect(evidenceTypeOf({ name: 'tabel.XLSX', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(evidenceTypeOf({ name: 'x.exe', type: 'application/x-msdownload' })).toBeNull();
    expect(evidenceTypeOf({ name: 'x.txt', type: '' })).toBeNull();
    expect(evidenceTypeOf({ name: 'x.pdf', type: 'text/html' })).toBeNull();
  });

  it('refuses a wrong type, an empty file, a file over the limit and bytes that are not the type, before sending', () => {
    expect(evidenceProblem({ name: 'catatan.txt', type: 'text/plain', size: 10 })).toMatch(
      /tidak diterima.*PDF, PNG, JPEG, DOCX atau XLSX/,
    );
    expect(evidenceProblem({ ...pdf, size: 0 })).toMatch(/kosong/);
    expect(evidenceProblem({ ...pdf, size: 11 * 1024 * 1024 })).toMatch(/11 MB, melebihi batas 10 MB/);
    expect(evidenceProblem(pdf, new TextEncoder().encode('<script>'))).toMatch(/bukan PDF/);
    expect(evidenceProblem(pdf, EVIDENCE_SAMPLES['application/pdf'])).toBeNull();
    expect(evidenceProblem(pdf)).toBeNull();
  });
});

describe('answering many reports', () => {
  it('sends each one, keeps going past a refusal, and reports progress and each outcome', async () => {
    const progress: string[] = [];
    const sent: number[] = [];
    const out = await runEach(
      [1, 2, 3],
      (n) => `r${n}`,
      async (n) => {
        sent.push(n);
        if (n === 2) throw new Error('refused');
      },
      (d, t) => progress.push(`${d}/${t}`),
    );
    expect(sent).toEqual([1, 2, 3]);
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(out.map((o) => [o.key, o.ok])).toEqual([
      ['r1', true],
      ['r2', false],
      ['r3', true],
    ]);
    expect((out[1].error as Error).message).toBe('refused');
  });

  it('groups the inbox’s reports by person, by name, each by date', () => {
    const g = byPerson([
      { nip: '2', name: 'Budi', date: '2026-11-05' },
      { nip: '1', name: 'Ani', date: '2026-11-04' },
      { nip: '2', name: 'Budi', date: '2026-11-03' },
    ]);
    expect(g.map((p) => [p.name, p.reports.map((r) => r.date)])).toEqual([
      ['Ani', ['2026-11-04']],
      ['Budi', ['2026-11-03', '2026-11-05']],
    ]);
  });
});
