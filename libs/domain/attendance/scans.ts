import { badInput, conflict, type Decider, type DomainEvent, type Instant, isValidNip } from '@kinerja/kernel';
import { isLocalDate, isStreamOfType } from '../shared';
import type { LocalDateTime } from './classify';
import { isDeviceId, type ScanLineError } from './devices';

export type { ScanLineError };

/**
 * The attendance machines' scan logs (issue 16, item 2): ZKTeco's attendance log (`PIN <tab> date
 * time <tab> verify <tab> status ...`, the PIN padded with spaces) and a generic CSV (`nip` or `pin`,
 * `timestamp`, `device`). A machine knows PINs, not NIPs: each device has its PIN-to-NIP map. A
 * month's scans from one source are imported idempotently: the same scan twice is one scan, and a
 * corrected file that drops scans already recorded is refused until the import says why.
 */

export interface Scan {
  nip: string;
  /** `YYYY-MM-DD HH:MM:SS` on the machine's wall clock. */
  at: LocalDateTime;
  device: string;
}

export interface ParsedScans {
  scans: Scan[];
  errors: ScanLineError[];
  /** Lines that repeat a scan already read (machines resend): counted once, not an error. */
  duplicates: number;
}

/** Device id -> (PIN -> NIP). Maps, since a PIN read from a file may be `__proto__`. */
export type PinMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

export const MAX_SCAN_LINES = 2_000_000;

const STAMP_RE = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** `YYYY-MM-DD HH:MM:SS`, or null when the text is no wall-clock time. */
export function normaliseStamp(text: string): LocalDateTime | null {
  const m = STAMP_RE.exec(text.trim());
  if (!m || !isLocalDate(m[1])) return null;
  return `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}`;
}

const scanKey = (s: Pick<Scan, 'nip' | 'at'>) => `${s.nip}|${s.at}`;

function lines(text: string): string[] {
  if (typeof text !== 'string' || !text.trim()) throw badInput('EMPTY_FILE', 'the file is empty');
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (all.length > MAX_SCAN_LINES) throw badInput('TOO_MANY_ROWS', `at most ${MAX_SCAN_LINES} lines per file`);
  return all;
}

/** Collects the scans of one file, each once, with the faults of the others. */
class ScanCollector {
  readonly scans: Scan[] = [];
  readonly errors: ScanLineError[] = [];
  duplicates = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly month: string) {}

  fault(line: number, column: string, code: string, message: string) {
    this.errors.push({ line, column, code, message });
  }

  add(line: number, column: string, nip: string, stamp: string, device: string) {
    const at = normaliseStamp(stamp);
    if (!at)
      return this.fault(
        line,
        column,
        'INVALID_SCAN_TIME',
        `not a date and time YYYY-MM-DD HH:MM[:SS]: ${JSON.stringify(stamp.slice(0, 40))}`,
      );
    if (!at.startsWith(this.month)) return this.fault(line, column, 'SCAN_OUTSIDE_MONTH', `${at} is not in ${this.month}`);
    const key = scanKey({ nip, at });
    if (this.seen.has(key)) return void this.duplicates++;
    this.seen.add(key);
    this.scans.push({ nip, at, device });
  }

  result(): ParsedScans {
    return { scans: this.scans, errors: this.errors, duplicates: this.duplicates };
  }
}

function nipOfPin(c: ScanCollector, pinMaps: PinMaps, device: string, pin: string, line: number, column: string): string | null {
  const map = pinMaps.get(device);
  if (!map) {
    c.fault(line, column, 'UNKNOWN_DEVICE', `no PIN map for device ${JSON.stringify(device)}`);
    return null;
  }
  const nip = map.get(pin);
  if (nip === undefined) c.fault(line, column, 'UNKNOWN_PIN', `PIN ${JSON.stringify(pin)} has no NIP on device ${device}`);
  return nip ?? null;
}

/** ZKTeco's attendance log of one device: `PIN <tab> YYYY-MM-DD HH:MM:SS <tab> verify <tab> status …`, no header. */
export function parseZktecoLog(text: string, options: { device: string; month: string; pinMaps: PinMaps }): ParsedScans {
  const c = new ScanCollector(options.month);
  lines(text).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const cells = raw.split('\t').map((x) => x.trim());
    if (cells.length < 2) return c.fault(line, '1', 'INVALID_SCAN_LINE', 'a line is PIN, date time, verify, status separated by tabs');
    if (!/^\d{1,12}$/.test(cells[0])) return c.fault(line, 'PIN', 'INVALID_PIN', `not a PIN: ${JSON.stringify(cells[0].slice(0, 40))}`);
    const nip = nipOfPin(c, options.pinMaps, options.device, cells[0], line, 'PIN');
    if (nip !== null) c.add(line, 'waktu', nip, cells[1], options.device);
  });
  return c.result();
}

interface ScanCsv {
  all: string[];
  split: (s: string) => string[];
  nipCol: number;
  pinCol: number;
  timeCol: number;
  deviceCol: number;
}

function scanCsv(text: string): ScanCsv {
  const all = lines(text);
  const sep = all[0].includes(';') && !all[0].includes(',') ? ';' : ',';
  const split = (s: string) => s.split(sep).map((x) => x.trim().replace(/^"(.*)"$/, '$1'));
  const header = split(all[0]).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [nipCol, pinCol, timeCol, deviceCol] = [col('nip'), col('pin'), col('timestamp'), col('device')];
  if (nipCol < 0 === pinCol < 0 || timeCol < 0 || deviceCol < 0)
    throw badInput('INVALID_HEADER', 'the columns are nip (or pin), timestamp and device', { header: header.slice(0, 20) });
  return { all, split, nipCol, pinCol, timeCol, deviceCol };
}

/** Whether the CSV names employees by NIP (else by machine PIN). */
export const scanCsvByNip = (text: string): boolean => scanCsv(text).nipCol >= 0;

/** The distinct device ids of a scan CSV, in order of first appearance (to load their maps before parsing). */
export function devicesOfScanCsv(text: string): string[] {
  const { all, split, deviceCol } = scanCsv(text);
  const seen = new Set<string>();
  for (let i = 1; i < all.length; i++) {
    if (!all[i].trim()) continue;
    const device = split(all[i])[deviceCol] ?? '';
    if (device) seen.add(device);
  }
  return [...seen];
}

export interface ScanCsvOptions {
  month: string;
  pinMaps: PinMaps;
  /**
   * When given, every device must be one of these (registered) and every NIP of a NIP-column file
   * one of `knownNips`: the others are UNKNOWN_DEVICE / UNKNOWN_EMPLOYEE lines. Without them (a
   * check of the file alone) a NIP file's devices and NIPs are taken as written.
   */
  devices?: ReadonlySet<string>;
  knownNips?: ReadonlySet<string>;
}

/** The generic CSV: a header naming `nip` or `pin`, `timestamp` and `device` (any order, `,` or `;`). */
export function parseScanCsv(text: string, options: ScanCsvOptions): ParsedScans {
  const { all, split, nipCol, pinCol, timeCol, deviceCol } = scanCsv(text);
  const c = new ScanCollector(options.month);
  for (let i = 1; i < all.length; i++) {
    const line = i + 1;
    if (!all[i].trim()) continue;
    const cells = split(all[i]);
    const device = cells[deviceCol] ?? '';
    if (!device) {
      c.fault(line, 'device', 'MISSING_DEVICE', 'the device is required');
      continue;
    }
    if (!isDeviceId(device)) {
      c.fault(
        line,
        'device',
        'INVALID_DEVICE_ID',
        `not a device id (1 to 64 letters, digits, _ . -): ${JSON.stringify(String(device).slice(0, 80))}`,
      );
      continue;
    }
    if (options.devices && !options.devices.has(device)) {
      c.fault(line, 'device', 'UNKNOWN_DEVICE', `no device ${JSON.stringify(device)} is registered`);
      continue;
    }
    let nip: string | null;
    if (nipCol >= 0) {
      nip = cells[nipCol] ?? '';
      if (!isValidNip(nip)) {
        c.fault(line, 'nip', 'INVALID_NIP', `not a NIP: ${JSON.stringify(String(nip).slice(0, 40))}`);
        continue;
      }
      if (options.knownNips && !options.knownNips.has(nip)) {
        c.fault(line, 'nip', 'UNKNOWN_EMPLOYEE', `no employee with NIP ${nip} in the register`);
        continue;
      }
    } else nip = nipOfPin(c, options.pinMaps, device, cells[pinCol] ?? '', line, 'pin');
    if (nip !== null) c.add(line, 'timestamp', nip, cells[timeCol] ?? '', device);
  }
  return c.result();
}

/** The NIPs a NIP-column scan CSV names (valid ones only), to check against the register. */
export function nipsOfScanCsv(text: string): string[] {
  const { all, split, nipCol } = scanCsv(text);
  if (nipCol < 0) return [];
  const seen = new Set<string>();
  for (let i = 1; i < all.length; i++) {
    const nip = all[i].trim() ? (split(all[i])[nipCol] ?? '') : '';
    if (isValidNip(nip)) seen.add(nip);
  }
  return [...seen];
}

// ---------- the month's scans of one source, as a stream ----------

export type ScansRecorded = DomainEvent<'ScansRecorded', { month: string; source: string; fileDigest: string; scans: Scan[]; at: Instant }>;
export type ScansWithdrawn = DomainEvent<
  'ScansWithdrawn',
  { month: string; source: string; fileDigest: string; scans: Scan[]; reason: string; at: Instant }
>;
export type ScanEvent = ScansRecorded | ScansWithdrawn;

export interface ImportScans {
  type: 'ImportScans';
  month: string;
  /** The device (a ZKTeco log) or the named source of a CSV: its scans of the month form one stream. */
  source: string;
  fileDigest: string;
  scans: readonly Scan[];
  /** A corrected file that drops recorded scans says why; without it the import is refused. */
  replacing?: { reason: string };
  at: Instant;
}

export interface MonthScans {
  scans: Map<string, Scan>;
}

export const SCAN_STREAM_TYPE = 'AttendanceScans';
export const scanStreamId = (month: string, source: string) => `${SCAN_STREAM_TYPE}-${month}.${source}`;
export const isScanStream = isStreamOfType(SCAN_STREAM_TYPE);
export const SCAN_EVENT_TYPES = ['ScansRecorded', 'ScansWithdrawn'] as const;

/** Scans per event: a month of a large device is several events, each under the event size limit. */
export const SCAN_CHUNK = 5000;

export interface ScanComparison {
  added: Scan[];
  removed: Scan[];
  unchanged: number;
}

/** What importing `scans` would change in what is recorded: the dry run's report. */
export function compareScans(recorded: MonthScans, scans: readonly Scan[]): ScanComparison {
  const incoming = new Set(scans.map(scanKey));
  const added = scans.filter((s) => !recorded.scans.has(scanKey(s)));
  const removed = [...recorded.scans.values()].filter((s) => !incoming.has(scanKey(s)));
  return { added, removed, unchanged: scans.length - added.length };
}

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += SCAN_CHUNK) out.push(xs.slice(i, i + SCAN_CHUNK));
  return out;
}

export const scanDecider: Decider<ImportScans, ScanEvent, MonthScans> = {
  initialState: () => ({ scans: new Map() }),
  evolve(s, e) {
    const scans = new Map(s.scans);
    if (e.type === 'ScansRecorded') for (const x of e.data.scans) scans.set(scanKey(x), x);
    else for (const x of e.data.scans) scans.delete(scanKey(x));
    return { scans };
  },
  decide(cmd, s) {
    const wrong = cmd.scans.find((x) => !x.at.startsWith(cmd.month));
    if (wrong) throw badInput('SCAN_OUTSIDE_MONTH', `${wrong.at} is not in ${cmd.month}`, { scan: wrong });
    const { added, removed } = compareScans(s, cmd.scans);
    const reason = cmd.replacing?.reason.trim() ?? '';
    if (removed.length > 0 && !reason)
      throw conflict(
        'SCANS_WOULD_BE_REMOVED',
        `the file lacks ${removed.length} scan(s) already recorded; import it as a correction with a reason`,
        {
          removed: removed.length,
          first: removed.slice(0, 20),
        },
      );
    const base = { month: cmd.month, source: cmd.source, fileDigest: cmd.fileDigest, at: cmd.at };
    return [
      ...chunks(removed).map((x): ScansWithdrawn => ({ type: 'ScansWithdrawn', data: { ...base, scans: x, reason } })),
      ...chunks(added).map((x): ScansRecorded => ({ type: 'ScansRecorded', data: { ...base, scans: x } })),
    ];
  },
};

/** One employee's scans of the month, from the recorded scans of every source. */
export function scansOf(sources: readonly MonthScans[], nip: string): LocalDateTime[] {
  return sources.flatMap((m) => [...m.scans.values()].filter((s) => s.nip === nip).map((s) => s.at));
}
