// What the Kehadiran pages compute without the API: who may do what, the months offered, the
// Indonesian reason of a bad line of a scan log or a PIN map, and the pages of a recap.

/** The codes the TPP calculator takes, in the order the recap shows them. */
export const CODES = ['TL1', 'TL2', 'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK'] as const;

/** The OPDs a role is scoped to (`admin_opd:DINKES` -> DINKES). */
function scoped(roles: readonly string[], role: string): string[] {
  return roles.filter((r) => r.startsWith(`${role}:`)).map((r) => r.slice(role.length + 1));
}

/**
 * Which OPDs a person works on here: any (BKPSDM, and BPKAD for the recap) or their own (an OPD's
 * admin, head or treasurer), and whether they may act (record, declare, import) on `opdId`.
 */
export function attendanceAccess(roles: readonly string[], scope: 'recap' | 'admin') {
  const anyOpd = roles.includes('admin_kepegawaian') || (scope === 'recap' && roles.includes('bpkad'));
  const ownRoles = scope === 'recap' ? ['admin_opd', 'kepala_opd', 'bendahara'] : ['admin_opd'];
  const own = [...new Set(ownRoles.flatMap((r) => scoped(roles, r)))];
  const admins = new Set(scoped(roles, 'admin_opd'));
  return {
    anyOpd,
    own,
    canAct: (opdId: string) => roles.includes('admin_kepegawaian') || admins.has(opdId),
  };
}

/** The months offered: this one and the `count - 1` before it, newest first. */
export function recentMonths(today: string, count = 13): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** The month before `today`'s: the newest ended month, the one a recap is recorded for. */
export function lastEndedMonth(today: string): string {
  return recentMonths(today, 2)[1];
}

export interface LineError {
  line: number;
  column: string;
  code: string;
  message: string;
}

const quoted = (message: string) => /"([^"]*)"/.exec(message)?.[1];

/** A bad line of a scan log or a PIN map, in Indonesian (the API's message is English; its values are kept). */
export function lineReason(e: Pick<LineError, 'code' | 'message'>): string {
  const { code, message } = e;
  switch (code) {
    case 'UNKNOWN_PIN': {
      const pin = quoted(message);
      return `${pin ? `PIN ${pin}` : 'PIN ini'} belum dipetakan ke NIP pada mesin ini. Tambahkan ke peta PIN mesin, lalu periksa lagi.`;
    }
    case 'UNKNOWN_DEVICE': {
      const device = quoted(message);
      return `${device ? `Mesin ${device}` : 'Mesin ini'} belum terdaftar atau belum memiliki peta PIN.`;
    }
    case 'MISSING_DEVICE':
      return 'Kode mesin wajib diisi.';
    case 'INVALID_DEVICE_ID':
      return 'Kode mesin hanya boleh berisi huruf, angka, _ . atau -.';
    case 'INVALID_SCAN_LINE':
      return 'Baris log harus berisi PIN, tanggal dan jam, verifikasi, dan status yang dipisahkan tab.';
    case 'INVALID_PIN':
      return 'PIN tidak valid: harus 1 sampai 12 angka.';
    case 'INVALID_NIP':
      return 'NIP tidak valid: harus 18 angka.';
    case 'UNKNOWN_EMPLOYEE':
      return 'NIP ini tidak terdaftar sebagai pegawai.';
    case 'DUPLICATE_PIN': {
      const at = /line (\d+)/.exec(message)?.[1];
      return `PIN ini sudah dipakai${at ? ` pada baris ${at}` : ''}.`;
    }
    case 'DUPLICATE_NIP': {
      const at = /line (\d+)/.exec(message)?.[1];
      return `NIP ini sudah memiliki PIN pada mesin ini${at ? ` (baris ${at})` : ''}.`;
    }
    case 'INVALID_SCAN_TIME':
      return 'Waktu presensi tidak valid. Tulis tanggal dan jam sebagai TTTT-BB-HH JJ:MM.';
    case 'SCAN_OUTSIDE_MONTH': {
      const at = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})/.exec(message)?.[1];
      return `Presensi ${at ? `${at.replace('T', ' ')} ` : ''}di luar bulan yang diimpor.`;
    }
    default:
      return 'Baris ini tidak dapat dibaca.';
  }
}

/** The number of pages of `total` rows, `size` a page (at least one). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The query of a scan upload: the format, the device of a ZKTeco log, a dry run, a correction's reason. */
export function importQuery(o: { format: 'zkteco' | 'csv'; device: string; dryRun: boolean; correction?: string }): string {
  const q = new URLSearchParams({ format: o.format });
  if (o.format === 'zkteco') q.set('device', o.device);
  if (o.dryRun) q.set('dryRun', 'true');
  if (o.correction?.trim()) q.set('correction', o.correction.trim());
  return q.toString();
}
