import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import { AppraisalEvent, AppraisalState, evolveAppraisal, initialAppraisalState } from '@kinerja/domain/appraisal';
import { eventLink } from '../rows';
import type { HeldRows } from '../held';
import { columnTypes, copyRows, upsertMany } from '../sql';
import { ledgerRowOf, type AppraisalLedgerRow, type LedgerDecision, type LedgerObjection, type LedgerState } from './queries';

/** The table `appraisal_ledger`: one row per employee per period (the projection's `tables`). */
export const LEDGER_TABLE = `
      nip                  text NOT NULL,
      period               text NOT NULL,
      year                 integer NOT NULL,
      opd_id               text,
      rater_nip            text,
      rater_supervisor_nip text,
      results              text,
      behaviour            text,
      reasons              jsonb NOT NULL DEFAULT '{}',
      behaviour_values     jsonb NOT NULL DEFAULT '{}',
      result_ratings       jsonb NOT NULL DEFAULT '[]',
      predikat             text,
      issued_predikat      text,
      state                text NOT NULL,
      revision             integer NOT NULL DEFAULT 0,
      policy_version       text,
      calibration_id       text,
      issued_on            text,
      objection_deadline   text,
      window_closes_at     timestamptz,
      objection            jsonb,
      decision             jsonb,
      finalised_at         timestamptz,
      escalated_at         timestamptz,
      deadline_kind        text,
      deadline_at          timestamptz,
      events               jsonb NOT NULL DEFAULT '[]',
      aggregate            jsonb NOT NULL,
      stream_version       integer NOT NULL,
      updated_at           timestamptz NOT NULL,
      PRIMARY KEY (nip, period)`;

/** Its columns' types: the upsert converts each row's values to them. */
const LEDGER_TYPES = columnTypes(LEDGER_TABLE);

/** A row of `appraisal_ledger` as written: every column by name (jsonb ones as they are). */
interface LedgerColumns {
  nip: string;
  period: string;
  year: number;
  opd_id: string;
  rater_nip: string;
  rater_supervisor_nip: string | null;
  results: string;
  behaviour: string;
  reasons: unknown;
  behaviour_values: unknown;
  result_ratings: unknown;
  predikat: string | null;
  issued_predikat: string | null;
  state: string;
  revision: number;
  policy_version: string;
  calibration_id: string | null;
  issued_on: string | null;
  objection_deadline: string | null;
  window_closes_at: string | null;
  objection: LedgerObjection | null;
  decision: LedgerDecision | null;
  finalised_at: string | null;
  escalated_at: string | null;
  deadline_kind: string | null;
  deadline_at: string | null;
  events: unknown[];
  aggregate: AppraisalState;
  stream_version: number;
  updated_at: Date;
}

/** What the fold reads of a stored row. */
interface StoredLedgerRow {
  nip: string;
  period: string;
  aggregate: AppraisalState;
  stream_version: number;
  finalised_at: Date | null;
  escalated_at: Date | null;
}

/** What the ledger keeps beside the folded state: the instants the state does not hold. */
interface LedgerInstants {
  finalisedAt: string | null;
  escalatedAt: string | null;
}

/**
 * Folds the events of the appraisal streams of a batch (each stream's in stream order) into their
 * ledger rows: one read of every row, one write of every changed row, whatever the number of
 * streams. The state is the domain's own `evolveAppraisal`, so the read model and the decider
 * cannot disagree; each row is the fold of its own stream's events only, so folding all streams
 * of a batch at once gives the rows one stream at a time would. While a rebuild fills (`filling`),
 * rows not yet in the table go in by COPY; rows already there (a stream continued from an earlier
 * batch) by the upsert, as always. With `held` (a fill), a row rated and not yet issued is kept in
 * memory instead: its unit's issue is sure to change it, and it is then written once, by COPY.
 */
export async function applyAppraisals(
  client: PoolClient,
  t: string,
  streams: RecordedEvent[][],
  filling = false,
  held?: HeldRows,
): Promise<void> {
  if (!streams.length) return;
  const keys = streams.map((events) => events[0].data as { nip: string; period: string });
  const keyOf = (k: { nip: string; period: string }) => `${k.nip}\u0000${k.period}`;
  // A row held is in memory only: the table is read for the others.
  const unheld = keys.filter((k) => !held?.has(keyOf(k)));
  const { rows } = unheld.length
    ? await client.query<StoredLedgerRow>(
        `SELECT t.nip, t.period, t.aggregate, t.stream_version, t.finalised_at, t.escalated_at
           FROM ${t} t JOIN unnest($1::text[], $2::text[]) AS k(nip, period) ON t.nip = k.nip AND t.period = k.period`,
        [unheld.map((k) => k.nip), unheld.map((k) => k.period)],
      )
    : { rows: [] };
  const stored = new Map(rows.map((r) => [keyOf(r), r]));
  const out: LedgerColumns[] = [];
  const added: LedgerColumns[] = [];
  streams.forEach((events, i) => {
    const key = keyOf(keys[i]);
    const kept = held?.get(key) as LedgerColumns | undefined;
    const before = kept ? undefined : stored.get(key);
    // The checkpoint commits with the rows, so no event comes twice; the stream version guard keeps
    // the row (and its list of events) right even if one did.
    const since = kept?.stream_version ?? before?.stream_version;
    const fresh = events.filter((e) => since === undefined || e.streamPosition > since);
    if (!fresh.length) return;
    const columns = foldLedger(
      keys[i].nip,
      keys[i].period,
      kept?.aggregate ?? before?.aggregate ?? initialAppraisalState(),
      {
        finalisedAt: kept?.finalised_at ?? before?.finalised_at?.toISOString() ?? null,
        escalatedAt: kept?.escalated_at ?? before?.escalated_at?.toISOString() ?? null,
      },
      fresh,
    );
    if (!columns) return;
    if (before) return void out.push(columns);
    // Not in the table: in memory, or new to it. What is held is staged: a batch rolled back forgets it.
    if (kept) columns.events = [...kept.events, ...columns.events];
    if (held && columns.state === 'DRAFT') return held.set(key, columns);
    if (kept) held?.delete(key);
    (filling ? added : out).push(columns);
  });
  if (held) {
    // Beyond what memory may hold, the oldest drafts are written now; their issue will find them in the table.
    for (const [key, columns] of held.excess() as Array<[string, LedgerColumns]>) {
      added.push(columns);
      held.delete(key);
    }
  }
  // A fill's rows the read above did not find are new to the table and written once here: COPY
  // sends them without the JSON array the upsert parses (ProjectionContext.filling).
  await copyRows(client, t, added, LEDGER_TYPES);
  // The events behind a row accumulate: this batch's are appended to those already listed.
  for (const q of upsertMany(
    t,
    out,
    { key: ['nip', 'period'], merge: { events: '{table}.events || excluded.events' }, types: LEDGER_TYPES },
    500,
  ))
    await client.query(q);
}

/** The rows a fill held (Projection.flush): none of them is in the table yet. */
export async function flushAppraisals(client: PoolClient, t: string, rows: unknown[]): Promise<void> {
  await copyRows(client, t, rows as LedgerColumns[], LEDGER_TYPES);
}

/** Folds `fresh` (one stream's events, in order) onto a row's state and instants: the columns to write. */
function foldLedger(nip: string, period: string, s: AppraisalState, at: LedgerInstants, fresh: RecordedEvent[]): LedgerColumns | null {
  for (const e of fresh) {
    s = evolveAppraisal(s, { type: e.type, data: e.data } as AppraisalEvent);
    if (e.type === 'AppraisalFinalised') at.finalisedAt = (e.data as { at: string }).at;
    if (e.type === 'ObjectionEscalated') at.escalatedAt = (e.data as { at: string }).at;
  }
  return ledgerColumns(nip, period, s, at, fresh);
}

/**
 * The ledger row one appraisal stream's events make (the stream read as of a moment): the same fold
 * and the same columns as the projection, kept in memory instead of written, then read as the
 * ledger's queries read a stored row. Null while the events hold no rating.
 */
export function appraisalLedgerRowOf(events: RecordedEvent[]): AppraisalLedgerRow | null {
  if (!events.length) return null;
  const { nip, period } = events[0].data as { nip: string; period: string };
  const c = foldLedger(nip, period, initialAppraisalState(), { finalisedAt: null, escalatedAt: null }, events);
  if (!c) return null;
  // A copy through JSON, as a stored row is read back: no object shared with the fold, no undefined member.
  const json = <T>(value: unknown): T => (value == null ? null : JSON.parse(JSON.stringify(value))) as T;
  const instant = (t: string | null) => (t === null ? null : new Date(t));
  return ledgerRowOf({
    ...c,
    reasons: json(c.reasons),
    behaviour_values: json(c.behaviour_values),
    result_ratings: json(c.result_ratings),
    state: c.state as LedgerState,
    window_closes_at: instant(c.window_closes_at),
    objection: json(c.objection),
    decision: json(c.decision),
    finalised_at: instant(c.finalised_at),
    events: json(c.events),
  });
}

/** The ledger row of a folded state; null while the stream has no rating (nothing to show). */
function ledgerColumns(nip: string, period: string, s: AppraisalState, at: LedgerInstants, fresh: RecordedEvent[]): LedgerColumns | null {
  if (s.status === 'NONE') return null; // a stream must start with its rating
  const r = s.rated;
  const issued = s.status === 'DRAFT' ? undefined : s.issued;
  const decided = s.status === 'DECIDED' ? s.decision : undefined;
  const objection = objectionOf(s, at);
  const decision = decisionOf(s);
  const deadline = deadlineOf(s);
  const last = fresh[fresh.length - 1];
  return {
    nip,
    period,
    year: Number(period.slice(0, 4)),
    opd_id: r.opdId,
    rater_nip: r.rater.nip,
    rater_supervisor_nip: issued?.raterSupervisor?.nip ?? null,
    results: decided?.results ?? r.results,
    behaviour: decided?.behaviour ?? r.behaviour,
    reasons: r.reasons,
    behaviour_values: r.behaviourValues,
    result_ratings: r.resultRatings,
    predikat: s.predikat,
    issued_predikat: issued?.predikat ?? null,
    state: s.status,
    revision: r.revision,
    policy_version: issued?.policyVersion ?? r.policyVersion,
    calibration_id: issued?.calibrationId ?? null,
    issued_on: issued?.issuedOn ?? null,
    objection_deadline: issued?.objectionDeadline ?? null,
    window_closes_at: issued?.windowClosesAt ?? null,
    objection,
    decision,
    finalised_at: at.finalisedAt,
    escalated_at: at.escalatedAt,
    deadline_kind: deadline?.kind ?? null,
    deadline_at: deadline?.at ?? null,
    events: fresh.map(eventLink),
    aggregate: s,
    stream_version: last.streamPosition,
    updated_at: last.recordedAt,
  };
}

function objectionOf(s: AppraisalState, at: LedgerInstants): LedgerObjection | null {
  const o = s.status === 'OBJECTED' || s.status === 'DECIDED' ? s.objection : undefined;
  return o
    ? {
        id: o.objectionId,
        reasons: o.reasons,
        evidence: o.evidence,
        filedOn: o.filedOn,
        decider: o.decider?.nip ?? null,
        deciderPositionId: o.decider?.positionId ?? null,
        decisionDue: o.decisionDue,
        decisionDueAt: o.decisionDueAt,
        escalated: o.escalated,
        escalatedAt: o.escalated ? at.escalatedAt : null,
      }
    : null;
}

function decisionOf(s: AppraisalState): LedgerDecision | null {
  const d = s.status === 'DECIDED' ? s.decision : undefined;
  return d
    ? {
        outcome: d.outcome,
        reasons: d.reasons,
        decidedBy: d.decidedBy,
        previousPredikat: d.previousPredikat,
        predikat: d.predikat,
        results: d.results,
        behaviour: d.behaviour,
        ...(d.behaviourValues ? { behaviourValues: d.behaviourValues, resultRatings: d.resultRatings ?? [] } : {}),
        decidedOn: d.decidedOn,
        late: d.late,
      }
    : null;
}

/** The timer still to fire, if any: the window's end while issued, the decision's due date until escalated. */
function deadlineOf(s: AppraisalState): { kind: 'OBJECTION_WINDOW' | 'OBJECTION_DECISION'; at: string } | null {
  if (s.status === 'ISSUED') return { kind: 'OBJECTION_WINDOW', at: s.issued.windowClosesAt };
  if (s.status === 'OBJECTED' && !s.objection.escalated) return { kind: 'OBJECTION_DECISION', at: s.objection.decisionDueAt };
  return null;
}
