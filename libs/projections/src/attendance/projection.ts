import {
  FAULT_DAY_EVENT_TYPES,
  isFaultDayStream,
  isLeaveStream,
  isRosterStream,
  LEAVE_EVENT_TYPES,
  ROSTER_EVENT_TYPES,
  type ShiftRosterRecorded,
  leaveDecider,
  type FaultDayDeclared,
  type LeaveEvent,
  type LeaveRequest,
} from '@kinerja/domain/attendance';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { upsert } from '../sql';

/**
 * Leave requests and the OPDs' machine-fault days as rows: what the monthly attendance summary
 * excuses, what a supervisor has to decide and what an employee has asked. Each employee's requests
 * are folded with the leave decider's own `evolve` from the stored rows, so the list and the decider
 * cannot disagree.
 */
export const attendanceProjection: Projection = {
  name: 'attendance',
  version: 1,
  eventTypes: [...LEAVE_EVENT_TYPES, ...FAULT_DAY_EVENT_TYPES, ...ROSTER_EVENT_TYPES],
  tables: {
    att_leave: `
      nip          text NOT NULL,
      leave_id     text NOT NULL,
      kind         text NOT NULL,
      date_from    text NOT NULL,
      date_to      text NOT NULL,
      document     text NOT NULL,
      reason       text NOT NULL,
      status       text NOT NULL,
      decided_by   text,
      note         text,
      requested_at timestamptz NOT NULL,
      updated_at   timestamptz NOT NULL,
      PRIMARY KEY (nip, leave_id)`,
    att_fault_day: `
      opd_id      text NOT NULL,
      date        text NOT NULL,
      reason      text NOT NULL,
      declared_by text NOT NULL,
      declared_at timestamptz NOT NULL,
      PRIMARY KEY (opd_id, date)`,
    att_roster: `
      opd_id    text NOT NULL,
      month     text NOT NULL,
      nip       text NOT NULL,
      date      text NOT NULL,
      shift     text NOT NULL,
      roster_id text NOT NULL,
      PRIMARY KEY (opd_id, month, nip, date)`,
  },
  indexes: [
    'CREATE INDEX {att_leave}_status ON {att_leave} (status, nip)',
    'CREATE INDEX {att_leave}_dates ON {att_leave} (date_from, date_to)',
  ],
  async apply(events, { client, table }) {
    const leave = table('att_leave');
    const byNip = new Map<string, LeaveEvent[]>();
    for (const e of domainEventsOn<LeaveEvent>(events, isLeaveStream)) byNip.set(e.data.nip, [...(byNip.get(e.data.nip) ?? []), e]);
    for (const [nip, evs] of byNip) {
      const { rows } = await client.query<{
        leave_id: string;
        kind: LeaveRequest['kind'];
        date_from: string;
        date_to: string;
        document: string;
        reason: string;
        status: LeaveRequest['status'];
        decided_by: string | null;
        note: string | null;
      }>(`SELECT * FROM ${leave} WHERE nip = $1`, [nip]);
      const stored = new Map(
        rows.map((r): [string, LeaveRequest] => [
          r.leave_id,
          {
            leaveId: r.leave_id,
            kind: r.kind,
            from: r.date_from,
            to: r.date_to,
            document: r.document,
            reason: r.reason,
            status: r.status,
            decidedBy: r.decided_by,
            note: r.note,
          },
        ]),
      );
      const state = evs.reduce(leaveDecider.evolve, { requests: stored });
      for (const e of evs) {
        const r = state.requests.get(e.data.leaveId);
        if (!r) continue;
        const row = {
          nip,
          leave_id: r.leaveId,
          kind: r.kind,
          date_from: r.from,
          date_to: r.to,
          document: r.document,
          reason: r.reason,
          status: r.status,
          decided_by: r.decidedBy,
          note: r.note,
          requested_at: e.data.at,
          updated_at: e.data.at,
        };
        await client.query(upsert(leave, row, { key: ['nip', 'leave_id'], merge: { requested_at: '{table}.requested_at' } }));
      }
    }
    for (const e of domainEventsOn<FaultDayDeclared>(events, isFaultDayStream)) {
      const d = e.data;
      await client.query(
        upsert(
          table('att_fault_day'),
          { opd_id: d.opdId, date: d.date, reason: d.reason, declared_by: d.declaredBy, declared_at: d.at },
          { key: ['opd_id', 'date'], onConflict: 'nothing' },
        ),
      );
    }
    const roster = table('att_roster');
    for (const e of domainEventsOn<ShiftRosterRecorded>(events, isRosterStream)) {
      const d = e.data;
      // Each roster is the whole month's: its first part clears the one it replaces.
      if (d.part === 0) await client.query(`DELETE FROM ${roster} WHERE opd_id = $1 AND month = $2`, [d.opdId, d.month]);
      await client.query(
        `INSERT INTO ${roster} (opd_id, month, nip, date, shift, roster_id)
         SELECT $1, $2, r->>'nip', r->>'date', r->>'shift', $3 FROM jsonb_array_elements($4::jsonb) r`,
        [d.opdId, d.month, d.rosterId, JSON.stringify(d.rows)],
      );
    }
  },
};
