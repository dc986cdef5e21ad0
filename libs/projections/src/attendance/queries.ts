import type { Pool } from 'pg';
import type { LeaveKind, LeaveStatus } from '@kinerja/domain/attendance';
import { iso, pageOf, type Page } from '../rows';

/** A leave request as the lists show it. */
export interface LeaveRow {
  nip: string;
  leaveId: string;
  kind: LeaveKind;
  from: string;
  to: string;
  document: string;
  reason: string;
  status: LeaveStatus;
  decidedBy: string | null;
  note: string | null;
  requestedAt: string;
  updatedAt: string;
}

const leaveRow = (r: Record<string, unknown>): LeaveRow => ({
  nip: r.nip as string,
  leaveId: r.leave_id as string,
  kind: r.kind as LeaveKind,
  from: r.date_from as string,
  to: r.date_to as string,
  document: r.document as string,
  reason: r.reason as string,
  status: r.status as LeaveStatus,
  decidedBy: (r.decided_by as string | null) ?? null,
  note: (r.note as string | null) ?? null,
  requestedAt: iso(r.requested_at as Date),
  updatedAt: iso(r.updated_at as Date),
});

/** An employee's requests, the latest first; paged. */
export async function leaveOf(db: Pool, nip: string, page?: Page): Promise<{ items: LeaveRow[]; total: number }> {
  const { limit, offset } = pageOf(page);
  const { rows } = await db.query(
    `SELECT *, count(*) OVER () AS total FROM att_leave WHERE nip = $1 ORDER BY date_from DESC, leave_id LIMIT $2 OFFSET $3`,
    [nip, limit, offset],
  );
  return { items: rows.map(leaveRow), total: Number(rows[0]?.total ?? 0) };
}

/** The approved requests of these employees that touch `month` (what the summary excuses). */
export async function approvedLeaveInMonth(db: Pool, nips: readonly string[], month: string): Promise<LeaveRow[]> {
  if (nips.length === 0) return [];
  const { rows } = await db.query(
    `SELECT * FROM att_leave WHERE status = 'DISETUJUI' AND nip = ANY($1) AND date_from <= $3 AND date_to >= $2 ORDER BY nip, date_from`,
    [nips, `${month}-01`, `${month}-31`],
  );
  return rows.map(leaveRow);
}

export interface FaultDayRow {
  opdId: string;
  date: string;
  reason: string;
  declaredBy: string;
  declaredAt: string;
}

/** The OPD's declared machine-fault days of a month. */
export async function faultDaysOf(db: Pool, opdId: string, month: string): Promise<FaultDayRow[]> {
  const { rows } = await db.query(`SELECT * FROM att_fault_day WHERE opd_id = $1 AND date LIKE $2 ORDER BY date`, [opdId, `${month}-%`]);
  return rows.map((r) => ({
    opdId: r.opd_id,
    date: r.date,
    reason: r.reason,
    declaredBy: r.declared_by,
    declaredAt: iso(r.declared_at as Date),
  }));
}

/** The OPD's shift roster of a month: per employee, the shift of each rostered day. */
export async function rosterOf(db: Pool, opdId: string, month: string): Promise<Map<string, Map<string, string>>> {
  const { rows } = await db.query<{ nip: string; date: string; shift: string }>(
    'SELECT nip, date, shift FROM att_roster WHERE opd_id = $1 AND month = $2 ORDER BY nip, date',
    [opdId, month],
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let days = out.get(r.nip);
    if (!days) out.set(r.nip, (days = new Map()));
    days.set(r.date, r.shift);
  }
  return out;
}
