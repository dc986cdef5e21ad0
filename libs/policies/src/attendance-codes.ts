/** TL = terlambat (late), PSW = pulang sebelum waktu (left early), TK = tanpa keterangan (absent). */
export const ATTENDANCE_CODES = ['TL1', 'TL2', 'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];

/** Why a working day needs no scan: leave, official duty, or a machine fault declared by the OPD. */
export const EXCUSE_KINDS = [
  'CUTI_TAHUNAN',
  'CUTI_SAKIT',
  'CUTI_ALASAN_PENTING',
  'CUTI_MELAHIRKAN',
  'CUTI_BESAR',
  'DINAS_LUAR',
  'TUGAS_BELAJAR',
  'GANGGUAN_MESIN',
] as const;
export type ExcuseKind = (typeof EXCUSE_KINDS)[number];
