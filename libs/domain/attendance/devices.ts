import { badInput, type Decider, type DomainEvent, type Instant, isValidNip } from '@kinerja/kernel';
import { isStreamOfType } from '../shared';

/** A bad line of an uploaded file (a PIN map here, a scan log in ./scans.ts). */
export interface ScanLineError {
  /** 1-based line of the file. */
  line: number;
  /** The column the fault is in (its header name, or its position for a headerless log). */
  column: string;
  code: string;
  message: string;
}

/**
 * An attendance machine (issue 16, item 2): it belongs to an OPD and knows its people by PIN. Its
 * PIN-to-NIP map is set whole (a `pin,nip` file): setting it again records what changed (PINs
 * added, removed, pointed at another NIP), and the same map twice records nothing.
 */

/** Device ids come from files and URLs: bounded so that one fits a stream id, a path and a log line. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const isDeviceId = (s: unknown): s is string => typeof s === 'string' && DEVICE_ID_PATTERN.test(s) && s !== '.' && s !== '..';

export function parseDeviceId(s: string): string {
  if (!isDeviceId(s))
    throw badInput('INVALID_DEVICE_ID', 'a device id is 1 to 64 letters, digits, _ . or -', { deviceId: String(s).slice(0, 80) });
  return s;
}

export const DEVICE_STREAM_TYPE = 'AttendanceDevice';
export const deviceStreamId = (deviceId: string) => `${DEVICE_STREAM_TYPE}-${deviceId}`;
export const isDeviceStream = isStreamOfType(DEVICE_STREAM_TYPE);

/** A machine PIN: digits, as ZKTeco keeps them (no leading-zero games: `007` and `7` are two PINs). */
export const PIN_PATTERN = /^\d{1,12}$/;
export const MAX_DEVICE_PINS = 50_000;

export interface PinEntry {
  pin: string;
  nip: string;
}

/** A bad row of a PIN map: the same shape as a scan file's bad line. */
export interface PinMapRowError {
  line: number;
  column: string;
  code: string;
  message: string;
}

export interface ParsedPinMap {
  pins: PinEntry[];
  errors: PinMapRowError[];
  /** The line each kept PIN is on, to name a row found wrong later (a NIP the register lacks). */
  lineOfPin: Map<string, number>;
}

/**
 * The rows of a PIN map, each checked: a PIN or a NIP that is not one, a PIN twice, a NIP twice on one
 * device (one person, one PIN per machine). `line` is the file's line (the header is line 1) or, for
 * rows given as JSON, the row's position + 1.
 */
export function checkPinRows(rows: ReadonlyArray<{ line: number; pin: string; nip: string }>, column = (c: string) => c): ParsedPinMap {
  if (rows.length > MAX_DEVICE_PINS) throw badInput('TOO_MANY_ROWS', `at most ${MAX_DEVICE_PINS} PINs per device`);
  const errors: PinMapRowError[] = [];
  const pins: PinEntry[] = [];
  const pinLine = new Map<string, number>();
  const nipLine = new Map<string, number>();
  for (const { line, pin, nip } of rows) {
    if (!PIN_PATTERN.test(pin)) {
      errors.push({
        line,
        column: column('pin'),
        code: 'INVALID_PIN',
        message: `not a PIN (1 to 12 digits): ${JSON.stringify(pin.slice(0, 40))}`,
      });
      continue;
    }
    if (!isValidNip(nip)) {
      errors.push({ line, column: column('nip'), code: 'INVALID_NIP', message: `not a NIP: ${JSON.stringify(String(nip).slice(0, 40))}` });
      continue;
    }
    const pinAt = pinLine.get(pin);
    if (pinAt !== undefined) {
      errors.push({ line, column: column('pin'), code: 'DUPLICATE_PIN', message: `PIN ${pin} is already on line ${pinAt}` });
      continue;
    }
    const nipAt = nipLine.get(nip);
    if (nipAt !== undefined) {
      errors.push({
        line,
        column: column('nip'),
        code: 'DUPLICATE_NIP',
        message: `NIP ${nip} already has a PIN on this device (line ${nipAt})`,
      });
      continue;
    }
    pinLine.set(pin, line);
    nipLine.set(nip, line);
    pins.push({ pin, nip });
  }
  return { pins, errors, lineOfPin: pinLine };
}

/** A `pin,nip` CSV (any column order, `,` or `;`, a BOM allowed). */
export function parsePinMapCsv(text: string): ParsedPinMap {
  if (typeof text !== 'string' || !text.trim()) throw badInput('EMPTY_FILE', 'the file is empty');
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (all.length > MAX_DEVICE_PINS + 2) throw badInput('TOO_MANY_ROWS', `at most ${MAX_DEVICE_PINS} PINs per device`);
  const sep = all[0].includes(';') && !all[0].includes(',') ? ';' : ',';
  const split = (s: string) => s.split(sep).map((x) => x.trim().replace(/^"(.*)"$/, '$1'));
  const header = split(all[0]).map((h) => h.toLowerCase());
  const [pinCol, nipCol] = [header.indexOf('pin'), header.indexOf('nip')];
  if (pinCol < 0 || nipCol < 0) throw badInput('INVALID_HEADER', 'the columns are pin and nip', { header: header.slice(0, 10) });
  const rows: Array<{ line: number; pin: string; nip: string }> = [];
  for (let i = 1; i < all.length; i++) {
    if (!all[i].trim()) continue;
    const cells = split(all[i]);
    rows.push({ line: i + 1, pin: cells[pinCol] ?? '', nip: cells[nipCol] ?? '' });
  }
  return checkPinRows(rows);
}

// ---------- the device, as a stream ----------

export interface PinChanges {
  added: PinEntry[];
  removed: PinEntry[];
  changed: Array<{ pin: string; from: string; to: string }>;
}

export type DevicePinsSet = DomainEvent<
  'AttendanceDevicePinsSet',
  {
    deviceId: string;
    opdId: string;
    /** The OPD it belonged to before, when this moved it (null: first set, or the same OPD). */
    previousOpdId: string | null;
    /** The whole map after this event, sorted by PIN. */
    pins: PinEntry[];
    changes: PinChanges;
    at: Instant;
  }
>;
export type DeviceEvent = DevicePinsSet;
export const DEVICE_EVENT_TYPES = ['AttendanceDevicePinsSet'] as const;

export interface SetDevicePins {
  type: 'SetDevicePins';
  deviceId: string;
  opdId: string;
  pins: readonly PinEntry[];
  at: Instant;
}

export interface DeviceState {
  opdId: string | null;
  /** PIN -> NIP. */
  pins: Map<string, string>;
}

const byPin = (a: { pin: string }, b: { pin: string }) => a.pin.length - b.pin.length || (a.pin < b.pin ? -1 : a.pin > b.pin ? 1 : 0);

/** What replacing `before` by `after` changes, PIN by PIN. */
export function comparePinMaps(before: ReadonlyMap<string, string>, after: readonly PinEntry[]): PinChanges {
  const next = new Map(after.map((e) => [e.pin, e.nip]));
  const added: PinEntry[] = [];
  const changed: PinChanges['changed'] = [];
  for (const { pin, nip } of after) {
    const was = before.get(pin);
    if (was === undefined) added.push({ pin, nip });
    else if (was !== nip) changed.push({ pin, from: was, to: nip });
  }
  const removed = [...before].filter(([pin]) => !next.has(pin)).map(([pin, nip]) => ({ pin, nip }));
  return { added: added.sort(byPin), removed: removed.sort(byPin), changed: changed.sort(byPin) };
}

export const deviceDecider: Decider<SetDevicePins, DeviceEvent, DeviceState> = {
  initialState: () => ({ opdId: null, pins: new Map() }),
  evolve: (_s, e) => ({ opdId: e.data.opdId, pins: new Map(e.data.pins.map((p) => [p.pin, p.nip])) }),
  decide(cmd, s) {
    parseDeviceId(cmd.deviceId);
    const checked = checkPinRows(cmd.pins.map((p, i) => ({ line: i + 1, pin: p.pin, nip: p.nip })));
    if (checked.errors.length)
      throw badInput('PIN_MAP_HAS_ERRORS', `${checked.errors.length} bad row(s) in the PIN map`, { errors: checked.errors });
    const changes = comparePinMaps(s.pins, checked.pins);
    const moved = s.opdId !== null && s.opdId !== cmd.opdId;
    if (!moved && s.opdId !== null && !changes.added.length && !changes.removed.length && !changes.changed.length) return [];
    return [
      {
        type: 'AttendanceDevicePinsSet',
        data: {
          deviceId: cmd.deviceId,
          opdId: cmd.opdId,
          previousOpdId: moved ? s.opdId : null,
          pins: [...checked.pins].sort(byPin),
          changes,
          at: cmd.at,
        },
      },
    ];
  },
};
