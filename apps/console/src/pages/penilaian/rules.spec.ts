import { DEFAULT_APPRAISAL_POLICY } from '@kinerja/policies';
import {
  checkDecision,
  checkObjection,
  checkRating,
  daysLeftLabel,
  emptyRating,
  objectionWindow,
  predikatPreview,
  ratablePeriods,
  reasonRequired,
} from './rules';

const matrix = DEFAULT_APPRAISAL_POLICY.matrix;

describe('the predikat preview', () => {
  it('reads the matrix of the policy: results row, behaviour column', () => {
    expect(predikatPreview(matrix, 'DI_ATAS_EKSPEKTASI', 'DI_ATAS_EKSPEKTASI')).toBe('SANGAT_BAIK');
    expect(predikatPreview(matrix, 'SESUAI_EKSPEKTASI', 'SESUAI_EKSPEKTASI')).toBe('BAIK');
    expect(predikatPreview(matrix, 'DI_BAWAH_EKSPEKTASI', 'DI_ATAS_EKSPEKTASI')).toBe('BUTUH_PERBAIKAN');
    expect(predikatPreview(matrix, 'DI_ATAS_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')).toBe('KURANG');
    expect(predikatPreview(matrix, 'DI_BAWAH_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')).toBe('SANGAT_KURANG');
  });
  it('follows another policy’s matrix, and is nothing until both ratings are chosen', () => {
    const other = { ...matrix, SESUAI_EKSPEKTASI: { ...matrix.SESUAI_EKSPEKTASI, SESUAI_EKSPEKTASI: 'BUTUH_PERBAIKAN' as const } };
    expect(predikatPreview(other, 'SESUAI_EKSPEKTASI', 'SESUAI_EKSPEKTASI')).toBe('BUTUH_PERBAIKAN');
    expect(predikatPreview(matrix, 'SESUAI_EKSPEKTASI', '')).toBeNull();
    expect(predikatPreview(undefined, 'SESUAI_EKSPEKTASI', 'SESUAI_EKSPEKTASI')).toBeNull();
  });
});

describe('checking a rating as the API and the decider do', () => {
  it('asks for both ratings', () => {
    const r = checkRating(emptyRating());
    expect(r.ok).toBe(false);
    if (!r.ok) expect([...r.errors.keys()]).toEqual(['results', 'behaviour']);
  });
  it('needs no reason for SESUAI, a written one for anything else (blank is not written)', () => {
    expect(reasonRequired('SESUAI_EKSPEKTASI')).toBe(false);
    expect(reasonRequired('DI_ATAS_EKSPEKTASI')).toBe(true);
    expect(checkRating({ ...emptyRating(), results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' })).toEqual({
      ok: true,
      body: { results: 'SESUAI_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' },
    });
    const missing = checkRating({ ...emptyRating(), results: 'DI_ATAS_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI', reasonResults: '   ' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.get('reasons.results')).toMatch(/Alasan wajib diisi/);
    const behaviour = checkRating({ ...emptyRating(), results: 'SESUAI_EKSPEKTASI', behaviour: 'DI_BAWAH_EKSPEKTASI', reasonResults: 'x' });
    expect(behaviour.ok).toBe(false);
    if (!behaviour.ok) expect([...behaviour.errors.keys()]).toEqual(['reasons.behaviour']);
  });
  it('sends the reasons and the per-value ratings given', () => {
    const r = checkRating({
      results: 'DI_ATAS_EKSPEKTASI',
      behaviour: 'SESUAI_EKSPEKTASI',
      reasonResults: 'Semua IKI melampaui target',
      reasonBehaviour: '',
      behaviourValues: { KOMPETEN: 'DI_ATAS_EKSPEKTASI' },
    });
    expect(r).toEqual({
      ok: true,
      body: {
        results: 'DI_ATAS_EKSPEKTASI',
        behaviour: 'SESUAI_EKSPEKTASI',
        reasons: { results: 'Semua IKI melampaui target' },
        behaviourValues: { KOMPETEN: 'DI_ATAS_EKSPEKTASI' },
      },
    });
  });
});

describe('the objection window and the objection', () => {
  it('counts the days left to the last day, open on the last day itself and only while issued', () => {
    const issued = { state: 'ISSUED', objectionDeadline: '2026-12-14' };
    expect(objectionWindow(issued, '2026-11-30')).toEqual({ open: true, daysLeft: 14 });
    expect(objectionWindow(issued, '2026-12-14')).toEqual({ open: true, daysLeft: 0 });
    expect(objectionWindow(issued, '2026-12-15')).toEqual({ open: false, daysLeft: -1 });
    expect(objectionWindow({ ...issued, state: 'OBJECTED' }, '2026-12-01').open).toBe(false);
    expect(objectionWindow({ state: 'DRAFT', objectionDeadline: null }, '2026-12-01')).toEqual({ open: false, daysLeft: null });
    expect([14, 0, -1, null].map((d) => daysLeftLabel(d))).toEqual(['14 hari lagi', 'hari ini hari terakhir', 'sudah berakhir', '–']);
  });
  it('asks for written reasons; evidence is a link (http/https) or an uploaded file’s hash', () => {
    const none = checkObjection({ reasons: ' ', evidence: [] });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors.has('reasons')).toBe(true);
    const bad = checkObjection({ reasons: 'Target tercapai', evidence: [{ kind: 'LINK', url: 'javascript:alert(1)' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect([...bad.errors.keys()]).toEqual(['evidence.0']);
    const hash = 'a'.repeat(64);
    expect(
      checkObjection({
        reasons: 'Target tercapai',
        evidence: [
          { kind: 'LINK', url: 'https://drive.example.id/bukti' },
          { kind: 'FILE', sha256: hash, name: 'bukti.pdf' },
        ],
      }),
    ).toEqual({
      ok: true,
      body: {
        reasons: 'Target tercapai',
        evidence: [
          { kind: 'LINK', url: 'https://drive.example.id/bukti' },
          { kind: 'FILE', sha256: hash },
        ],
      },
    });
  });
});

describe('the decision of an objection', () => {
  const original = { results: 'SESUAI_EKSPEKTASI' as const, behaviour: 'SESUAI_EKSPEKTASI' as const };
  it('confirms with reasons only', () => {
    expect(checkDecision({ outcome: 'CONFIRM', reasons: 'Sesuai bukti', results: 'DI_ATAS_EKSPEKTASI', behaviour: '' }, original)).toEqual({
      ok: true,
      body: { outcome: 'CONFIRM', reasons: 'Sesuai bukti' },
    });
  });
  it('amends only what changes, and refuses an amendment that changes nothing or has no reason', () => {
    expect(
      checkDecision({ outcome: 'AMEND', reasons: 'Bukti baru', results: 'DI_ATAS_EKSPEKTASI', behaviour: 'SESUAI_EKSPEKTASI' }, original),
    ).toEqual({ ok: true, body: { outcome: 'AMEND', reasons: 'Bukti baru', results: 'DI_ATAS_EKSPEKTASI' } });
    const same = checkDecision({ outcome: 'AMEND', reasons: 'x', results: 'SESUAI_EKSPEKTASI', behaviour: '' }, original);
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.errors.get('results')).toMatch(/sedikitnya satu penilaian/);
    const silent = checkDecision({ outcome: 'CONFIRM', reasons: '', results: '', behaviour: '' }, original);
    expect(silent.ok).toBe(false);
    if (!silent.ok) expect(silent.errors.has('reasons')).toBe(true);
    const none = checkDecision({ outcome: '', reasons: 'x', results: '', behaviour: '' }, original);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors.has('outcome')).toBe(true);
  });
});

describe('the periods a supervisor may rate', () => {
  it('starts with the month whose last day has come, newest first, across the year', () => {
    expect(ratablePeriods('2026-11-30', 3)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(ratablePeriods('2026-12-01', 2)).toEqual(['2026-11', '2026-10']);
    expect(ratablePeriods('2027-01-15', 2)).toEqual(['2026-12', '2026-11']);
    expect(ratablePeriods('2028-02-29', 1)).toEqual(['2028-02']);
  });
});
