import { ApiError } from '../../api/errors';
import { clock, codeMeaning, CODES, daysBetween, LEAVE_KINDS, leaveRefusalFields, mayCancel } from './attendance';

describe('the Presensi and Cuti pages’ logic', () => {
  it('names every code in Indonesian, by its kind and level', () => {
    expect(CODES).toEqual(['TL1', 'TL2', 'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK']);
    expect(codeMeaning('TL2')).toBe('terlambat, tingkat 2');
    expect(codeMeaning('PSW4')).toBe('pulang sebelum waktunya, tingkat 4');
    expect(codeMeaning('TK')).toBe('tanpa keterangan');
  });

  it('offers the seven kinds an employee may request, not a machine fault', () => {
    expect(LEAVE_KINDS).toEqual([
      'CUTI_TAHUNAN',
      'CUTI_SAKIT',
      'CUTI_ALASAN_PENTING',
      'CUTI_MELAHIRKAN',
      'CUTI_BESAR',
      'DINAS_LUAR',
      'TUGAS_BELAJAR',
    ]);
  });

  it('offers Batalkan while waiting, and for an approved request only before its first day', () => {
    expect(mayCancel({ status: 'DIAJUKAN', from: '2026-01-01' }, '2026-03-01')).toBe(true);
    expect(mayCancel({ status: 'DISETUJUI', from: '2026-03-02' }, '2026-03-01')).toBe(true);
    expect(mayCancel({ status: 'DISETUJUI', from: '2026-03-01' }, '2026-03-01')).toBe(false);
    expect(mayCancel({ status: 'DITOLAK', from: '2026-04-01' }, '2026-03-01')).toBe(false);
    expect(mayCancel({ status: 'DIBATALKAN', from: '2026-04-01' }, '2026-03-01')).toBe(false);
  });

  it('shows clock times and counts calendar days', () => {
    expect(clock('08:12')).toBe('08:12');
    expect(clock('2026-03-02 07:31:05')).toBe('07:31');
    expect(clock(null)).toBe('–');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(4);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(0);
    expect(daysBetween('', '2026-03-01')).toBe(0);
  });

  it('puts an overlap next to both dates, naming the other request; other refusals next to their field', () => {
    const overlap = new ApiError(409, 'LEAVE_OVERLAPS', 'x', { leaveId: 'a', from: '2026-03-02', to: '2026-03-04' });
    const fields = leaveRefusalFields(overlap, [
      { leaveId: 'a', kind: 'DINAS_LUAR', from: '2026-03-02', to: '2026-03-04', status: 'DISETUJUI' },
    ]);
    expect(fields.get('from')).toBe(
      'Bertumpang tindih dengan Dinas luar (disetujui) 2 Maret 2026 s.d. 4 Maret 2026. Pilih tanggal lain atau batalkan permohonan itu.',
    );
    expect(fields.get('to')).toBe(fields.get('from'));
    expect(leaveRefusalFields(new ApiError(400, 'INVALID_DATE_RANGE', 'x', {}), []).has('to')).toBe(true);
    expect([...leaveRefusalFields(new ApiError(400, 'TEXT_TOO_LONG', 'x', { field: 'reason' }), []).keys()]).toEqual(['reason']);
    expect(leaveRefusalFields(new ApiError(403, 'NOT_OWN_RECORD', 'x', {}), []).size).toBe(0);
    expect(leaveRefusalFields(new Error('x'), []).size).toBe(0);
  });
});
