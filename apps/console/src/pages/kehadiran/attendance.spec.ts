import { attendanceAccess, importQuery, lastEndedMonth, lineReason, pageCount, recentMonths } from './attendance';

describe('Kehadiran: who works on which OPD', () => {
  it('an OPD’s admin on their own OPD; BKPSDM on any; the head, treasurer and BPKAD read the recap only', () => {
    const admin = attendanceAccess(['admin_opd:DINKES'], 'admin');
    expect(admin).toMatchObject({ anyOpd: false, own: ['DINKES'] });
    expect(admin.canAct('DINKES')).toBe(true);
    expect(admin.canAct('DISDIK')).toBe(false);
    const bkpsdm = attendanceAccess(['admin_kepegawaian'], 'recap');
    expect(bkpsdm.anyOpd).toBe(true);
    expect(bkpsdm.canAct('DISDIK')).toBe(true);
    const head = attendanceAccess(['pegawai', 'kepala_opd:DINKES', 'bendahara:DINKES'], 'recap');
    expect(head).toMatchObject({ anyOpd: false, own: ['DINKES'] });
    expect(head.canAct('DINKES')).toBe(false);
    expect(attendanceAccess(['bpkad'], 'recap').anyOpd).toBe(true);
    expect(attendanceAccess(['bpkad'], 'admin').anyOpd).toBe(false);
  });
});

describe('Kehadiran: months, pages and the upload query', () => {
  it('offers this month and the ones before; the newest ended month is the one before today’s', () => {
    expect(recentMonths('2026-01-15', 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(lastEndedMonth('2026-12-01')).toBe('2026-11');
    expect(lastEndedMonth('2027-01-31')).toBe('2026-12');
  });
  it('counts pages, at least one', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
  it('names the device of a ZKTeco log only, and a correction’s reason encoded', () => {
    expect(importQuery({ format: 'zkteco', device: 'MESIN-1', dryRun: true })).toBe('format=zkteco&device=MESIN-1&dryRun=true');
    expect(importQuery({ format: 'csv', device: 'MESIN-1', dryRun: false, correction: ' jam & menit ' })).toBe(
      'format=csv&correction=jam+%26+menit',
    );
    expect(importQuery({ format: 'csv', device: '', dryRun: false, correction: '  ' })).toBe('format=csv');
  });
});

describe('Kehadiran: a bad line in Indonesian', () => {
  it('keeps the values the API names', () => {
    expect(lineReason({ code: 'UNKNOWN_PIN', message: 'PIN "99" has no NIP on device MESIN-1' })).toBe(
      'PIN 99 belum dipetakan ke NIP pada mesin ini. Tambahkan ke peta PIN mesin, lalu periksa lagi.',
    );
    expect(lineReason({ code: 'DUPLICATE_NIP', message: 'NIP 1 already has a PIN on this device (line 2)' })).toBe(
      'NIP ini sudah memiliki PIN pada mesin ini (baris 2).',
    );
    expect(lineReason({ code: 'SCAN_OUTSIDE_MONTH', message: '2026-10-02 07:25:10 is not in 2026-11' })).toBe(
      'Presensi 2026-10-02 07:25 di luar bulan yang diimpor.',
    );
    expect(lineReason({ code: 'UNKNOWN_DEVICE', message: 'no device "X" is registered' })).toBe(
      'Mesin X belum terdaftar atau belum memiliki peta PIN.',
    );
    expect(lineReason({ code: 'SOMETHING_NEW', message: '' })).toBe('Baris ini tidak dapat dibaca.');
  });
});
