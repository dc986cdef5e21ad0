// Indonesian formats for what the console shows: rupiah, dates, months and appraisal periods.
// Amounts arrive as whole-rupiah strings and are formatted through BigInt, never a float.

const rupiahFormat = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

/** "1234567" -> "Rp 1.234.567" (a non-breaking space after Rp); anything else is shown as it came. */
export function formatRupiah(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '–';
  if (!/^-?\d+$/.test(amount)) return amount;
  return rupiahFormat.format(BigInt(amount));
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const QUARTERS = ['I', 'II', 'III', 'IV'];

/** "2026-11-30" -> "30 November 2026". */
export function formatDate(date: string | null | undefined): string {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  if (!m) return date ?? '–';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "2026-11-30" -> "Senin, 30 November 2026". */
export function formatDateWithDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${DAYS[day]}, ${formatDate(date)}`;
}

const jakartaTime = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant, as the Pemda reads it: "30 Nov 2026 21.05 WIB". */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${jakartaTime.format(t)} WIB`;
}

/** "2026-11" -> "November 2026". */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** An appraisal period: a month ("November 2026") or a quarter ("Triwulan IV 2026"). */
export function formatPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `Triwulan ${QUARTERS[Number(q[2]) - 1]} ${q[1]}` : formatMonth(period);
}

/** Whole days from `today` until `date` (both YYYY-MM-DD): 0 on the day itself, negative after. */
export function daysUntil(date: string, today: string): number {
  const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return (at(date) - at(today)) / 86_400_000;
}

/** The days of a month, YYYY-MM-DD. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** Saturday or Sunday (the five-day week; the policy's calendar decides what a working day is on the server). */
export function isWeekend(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
}

/** Bytes as people read them: "1,5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString('id-ID', { maximumFractionDigits: 1 })} ${units[i]}`;
}
