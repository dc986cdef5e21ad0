import { badInput, conflict, type Decider, type DomainEvent, type Instant, notFound } from '@kinerja/kernel';
import { isLocalDate, isStreamOfType, type LocalDate } from '../shared';
import type { Excuse } from './classify';
import { EXCUSE_KINDS, type ExcuseKind } from './rules';
import { dateOfDay, dayNumber } from './schedule';

/**
 * Leave and official duty (issue 16, item 3): requested by the employee with its letter, decided by
 * the supervisor of the day (the access policy says who; the decider keeps the request's own rules),
 * and, once approved, the excuse of each of its days. One stream per employee, so two approved
 * requests can never cover the same day. A machine fault day is the OPD's, not the employee's:
 * `faultDayDecider` below.
 */

/** What an employee may request: every excuse but the OPD's machine fault. */
export const LEAVE_KINDS = EXCUSE_KINDS.filter((k): k is Exclude<ExcuseKind, 'GANGGUAN_MESIN'> => k !== 'GANGGUAN_MESIN');
export type LeaveKind = (typeof LEAVE_KINDS)[number];

/** The longest request: cuti besar is up to three months, tugas belajar is renewed yearly. */
export const MAX_LEAVE_DAYS = 366;

export type LeaveStatus = 'DIAJUKAN' | 'DISETUJUI' | 'DITOLAK' | 'DIBATALKAN';

export interface LeaveRequest {
  leaveId: string;
  kind: LeaveKind;
  from: LocalDate;
  to: LocalDate;
  /** The letter: surat cuti, surat tugas, surat keterangan dokter. */
  document: string;
  reason: string;
  status: LeaveStatus;
  decidedBy: string | null;
  note: string | null;
}

export type LeaveCommand =
  | {
      type: 'RequestLeave';
      nip: string;
      leaveId: string;
      kind: string;
      from: string;
      to: string;
      document: string;
      reason: string;
      at: Instant;
    }
  | { type: 'DecideLeave'; nip: string; leaveId: string; approve: boolean; decidedBy: string; note: string; at: Instant }
  | { type: 'CancelLeave'; nip: string; leaveId: string; reason: string; today: LocalDate; at: Instant };

export type LeaveRequested = DomainEvent<
  'LeaveRequested',
  { nip: string; leaveId: string; kind: LeaveKind; from: LocalDate; to: LocalDate; document: string; reason: string; at: Instant }
>;
export type LeaveApproved = DomainEvent<'LeaveApproved', { nip: string; leaveId: string; decidedBy: string; note: string; at: Instant }>;
export type LeaveRejected = DomainEvent<'LeaveRejected', { nip: string; leaveId: string; decidedBy: string; note: string; at: Instant }>;
export type LeaveCancelled = DomainEvent<'LeaveCancelled', { nip: string; leaveId: string; reason: string; at: Instant }>;
export type LeaveEvent = LeaveRequested | LeaveApproved | LeaveRejected | LeaveCancelled;

export interface LeaveState {
  requests: Map<string, LeaveRequest>;
}

export const LEAVE_STREAM_TYPE = 'Leave';
export const leaveStreamId = (nip: string) => `${LEAVE_STREAM_TYPE}-${nip}`;

const overlaps = (a: Pick<LeaveRequest, 'from' | 'to'>, b: Pick<LeaveRequest, 'from' | 'to'>) => a.from <= b.to && b.from <= a.to;
const holds = (r: LeaveRequest) => r.status === 'DIAJUKAN' || r.status === 'DISETUJUI';

function requestOf(s: LeaveState, leaveId: string): LeaveRequest {
  const r = s.requests.get(leaveId);
  if (!r) throw notFound('LEAVE_NOT_FOUND', `no leave request ${leaveId}`, { leaveId });
  return r;
}

function text(value: string, field: string, max: number): string {
  const t = typeof value === 'string' ? value.trim() : '';
  if (!t) throw badInput('MISSING_FIELD', `${field} is required`, { field });
  if (t.length > max) throw badInput('TEXT_TOO_LONG', `${field} is at most ${max} characters`, { field, max });
  return t;
}

/** An employee's leave over a career is one stream: snapshotted once long (bump the version when the state changes shape). */
export const leaveDecider: Decider<LeaveCommand, LeaveEvent, LeaveState> = {
  snapshot: { version: 'leave-1' },
  initialState: () => ({ requests: new Map() }),
  evolve(s, e) {
    const requests = new Map(s.requests);
    const r = requests.get(e.data.leaveId);
    switch (e.type) {
      case 'LeaveRequested': {
        const { nip: _nip, at: _at, ...d } = e.data;
        requests.set(d.leaveId, { ...d, status: 'DIAJUKAN', decidedBy: null, note: null });
        break;
      }
      case 'LeaveApproved':
      case 'LeaveRejected':
        if (r)
          requests.set(r.leaveId, {
            ...r,
            status: e.type === 'LeaveApproved' ? 'DISETUJUI' : 'DITOLAK',
            decidedBy: e.data.decidedBy,
            note: e.data.note,
          });
        break;
      case 'LeaveCancelled':
        if (r) requests.set(r.leaveId, { ...r, status: 'DIBATALKAN' });
        break;
    }
    return { requests };
  },
  decide(cmd, s) {
    switch (cmd.type) {
      case 'RequestLeave': {
        if (s.requests.has(cmd.leaveId)) {
          const r = s.requests.get(cmd.leaveId)!;
          // The same request sent again (a retry) appends nothing; another under the same id is a conflict.
          if (r.kind === cmd.kind && r.from === cmd.from && r.to === cmd.to) return [];
          throw conflict('LEAVE_ID_TAKEN', `leave request ${cmd.leaveId} exists with other contents`, { leaveId: cmd.leaveId });
        }
        if (!(LEAVE_KINDS as readonly string[]).includes(cmd.kind))
          throw badInput('UNKNOWN_LEAVE_KIND', `unknown leave kind ${JSON.stringify(cmd.kind)}`, { kind: cmd.kind, known: LEAVE_KINDS });
        if (!isLocalDate(cmd.from) || !isLocalDate(cmd.to))
          throw badInput('INVALID_DATE', 'from and to must be real dates YYYY-MM-DD', { from: cmd.from, to: cmd.to });
        if (cmd.to < cmd.from) throw badInput('INVALID_DATE_RANGE', '`to` is before `from`', { from: cmd.from, to: cmd.to });
        const days = dayNumber(cmd.to) - dayNumber(cmd.from) + 1;
        if (days > MAX_LEAVE_DAYS)
          throw badInput('LEAVE_TOO_LONG', `a request covers at most ${MAX_LEAVE_DAYS} days`, { days, max: MAX_LEAVE_DAYS });
        const clash = [...s.requests.values()].find((r) => holds(r) && overlaps(r, cmd));
        if (clash)
          throw conflict('LEAVE_OVERLAPS', `the days overlap leave request ${clash.leaveId} (${clash.from}..${clash.to})`, {
            leaveId: clash.leaveId,
            from: clash.from,
            to: clash.to,
          });
        return [
          {
            type: 'LeaveRequested',
            data: {
              nip: cmd.nip,
              leaveId: cmd.leaveId,
              kind: cmd.kind as LeaveKind,
              from: cmd.from,
              to: cmd.to,
              document: text(cmd.document, 'document', 200),
              reason: text(cmd.reason, 'reason', 1000),
              at: cmd.at,
            },
          },
        ];
      }
      case 'DecideLeave': {
        const r = requestOf(s, cmd.leaveId);
        const wanted = cmd.approve ? 'DISETUJUI' : 'DITOLAK';
        if (r.status === wanted && r.decidedBy === cmd.decidedBy) return [];
        if (r.status !== 'DIAJUKAN')
          throw conflict('LEAVE_ALREADY_DECIDED', `leave request ${r.leaveId} is ${r.status}`, { status: r.status });
        // A refusal says why; an approval may go without a note.
        const note = cmd.approve ? (cmd.note ?? '').trim() : text(cmd.note, 'note', 1000);
        const data = { nip: cmd.nip, leaveId: r.leaveId, decidedBy: cmd.decidedBy, note, at: cmd.at };
        return [cmd.approve ? { type: 'LeaveApproved', data } : { type: 'LeaveRejected', data }];
      }
      case 'CancelLeave': {
        const r = requestOf(s, cmd.leaveId);
        if (r.status === 'DIBATALKAN') return [];
        if (!holds(r)) throw conflict('LEAVE_ALREADY_DECIDED', `leave request ${r.leaveId} is ${r.status}`, { status: r.status });
        // Days already taken stay taken: an approved request is cancelled only before it starts.
        if (r.status === 'DISETUJUI' && r.from <= cmd.today)
          throw conflict('LEAVE_ALREADY_STARTED', `leave request ${r.leaveId} started on ${r.from}`, { from: r.from });
        return [
          { type: 'LeaveCancelled', data: { nip: cmd.nip, leaveId: r.leaveId, reason: text(cmd.reason, 'reason', 1000), at: cmd.at } },
        ];
      }
    }
  },
};

/** The approved requests' days in `month` (`YYYY-MM`), each with its excuse. */
export function excusesOf(s: LeaveState, month: string): Map<LocalDate, Excuse> {
  const out = new Map<LocalDate, Excuse>();
  for (const r of s.requests.values()) {
    if (r.status !== 'DISETUJUI' || r.to < `${month}-01` || r.from > `${month}-31`) continue;
    for (let n = dayNumber(r.from); n <= dayNumber(r.to); n++) {
      const d = dateOfDay(n);
      if (d.startsWith(month)) out.set(d, { kind: r.kind, reference: r.document });
    }
  }
  return out;
}

// ---------- a machine fault day, declared by the OPD ----------

export type FaultDayCommand = { type: 'DeclareFaultDay'; opdId: string; date: string; reason: string; declaredBy: string; at: Instant };
export type FaultDayDeclared = DomainEvent<
  'FaultDayDeclared',
  { opdId: string; date: LocalDate; reason: string; declaredBy: string; at: Instant }
>;

export const FAULT_DAY_STREAM_TYPE = 'AttendanceFault';
export const faultDayStreamId = (opdId: string, month: string) => `${FAULT_DAY_STREAM_TYPE}-${opdId}.${month}`;

/**
 * A day the OPD's machine failed excuses every employee of the OPD that day. A correction is an
 * event, never an edit: the day stays declared, with who and why.
 */
export const faultDayDecider: Decider<FaultDayCommand, FaultDayDeclared, { days: Map<LocalDate, string> }> = {
  initialState: () => ({ days: new Map() }),
  evolve: (s, e) => ({ days: new Map(s.days).set(e.data.date, e.data.reason) }),
  decide(cmd, s) {
    if (!isLocalDate(cmd.date)) throw badInput('INVALID_DATE', 'date must be a real date YYYY-MM-DD', { value: cmd.date });
    if (s.days.has(cmd.date)) return [];
    return [
      {
        type: 'FaultDayDeclared',
        data: { opdId: cmd.opdId, date: cmd.date, reason: text(cmd.reason, 'reason', 1000), declaredBy: cmd.declaredBy, at: cmd.at },
      },
    ];
  },
};

/** Leave first, then the OPD's fault days for days without leave: the excuses of a month. */
export function monthExcuses(leave: LeaveState, faultDays: ReadonlyMap<LocalDate, string>, month: string): Map<LocalDate, Excuse> {
  const out = excusesOf(leave, month);
  for (const [d, reason] of faultDays) if (d.startsWith(month) && !out.has(d)) out.set(d, { kind: 'GANGGUAN_MESIN', reference: reason });
  return out;
}

export const LEAVE_EVENT_TYPES = ['LeaveRequested', 'LeaveApproved', 'LeaveRejected', 'LeaveCancelled'] as const;
export const FAULT_DAY_EVENT_TYPES = ['FaultDayDeclared'] as const;
export const isLeaveStream = isStreamOfType(LEAVE_STREAM_TYPE);
export const isFaultDayStream = isStreamOfType(FAULT_DAY_STREAM_TYPE);
