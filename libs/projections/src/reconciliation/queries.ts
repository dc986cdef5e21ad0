/** The reads of the reconciliation with e-Kinerja BKN (projection `predikat_reconciliation`), joined with the pay inputs. */
import type { Pool, PoolClient } from 'pg';
import type { Predikat, Rating } from '@kinerja/policies';

/** A pool or one of its connections (a connection inside a snapshot). */
type Queryable = Pick<PoolClient, 'query'>;

export type DifferenceKind = 'DIFFERENT_PREDIKAT' | 'BKN_ONLY' | 'KINERJA_ONLY';

export interface PredikatDifference {
  month: string;
  nip: string;
  name: string;
  /** The OPD that pays the employee now (payroll register); null for a NIP it does not know. */
  opdId: string | null;
  kind: DifferenceKind;
  kinerja: Predikat | null;
  bkn: Predikat | null;
  bknRatings: { results: Rating | null; behaviour: Rating | null } | null;
  /** The predikat the pay inputs hold for the month now. */
  paid: Predikat | null;
  resolved: boolean;
  /** The latest recorded choice (it may be of sides since changed: then `resolved` is false). */
  resolution: {
    choice: 'KINERJA' | 'BKN';
    predikat: Predikat;
    kinerjaPredikat: Predikat | null;
    bknPredikat: Predikat | null;
    reason: string;
    by: string | null;
    at: string;
    eventId: string;
  } | null;
}

export interface DifferenceFilter {
  month?: string;
  opdId?: string;
  /** `unresolved` (the default of the submit check), `resolved` or `all`. */
  status: 'unresolved' | 'resolved' | 'all';
  limit: number;
  offset: number;
}

/**
 * Every difference between kinerja's predikat and the BKN export in force, for the months a BKN
 * export was imported: a different predikat, one in BKN only, one in kinerja only. A difference is
 * resolved while the latest choice was made on the two sides as they are now and the pay inputs
 * hold the chosen predikat (a later issue, objection or import on either side re-opens it).
 */
export async function predikatDifferences(
  pool: Queryable,
  f: DifferenceFilter,
): Promise<{ total: number; differences: PredikatDifference[] }> {
  const { rows } = await pool.query<{
    month: string;
    nip: string;
    name: string | null;
    opd_id: string | null;
    kinerja: Predikat | null;
    bkn: Predikat | null;
    results: Rating | null;
    behaviour: Rating | null;
    in_bkn: boolean;
    paid: Predikat | null;
    resolved: boolean;
    choice: 'KINERJA' | 'BKN' | null;
    chosen: Predikat | null;
    kinerja_predikat: Predikat | null;
    bkn_predikat: Predikat | null;
    reason: string | null;
    actor: string | null;
    resolved_at: Date | null;
    event_id: string | null;
    total: string;
  }>(
    `WITH imported AS (SELECT month FROM bkn_import WHERE $1::text IS NULL OR month = $1),
     sides AS (
       SELECT coalesce(b.month, k.month) AS month, coalesce(b.nip, k.nip) AS nip, k.predikat AS kinerja, b.predikat AS bkn,
              b.name AS bkn_name, b.results, b.behaviour, b.nip IS NOT NULL AS in_bkn
         FROM (SELECT * FROM bkn_predikat WHERE month IN (SELECT month FROM imported)) b
         FULL JOIN (SELECT * FROM rec_kinerja_predikat WHERE month IN (SELECT month FROM imported)) k ON k.month = b.month AND k.nip = b.nip
     ),
     diffs AS (
       SELECT s.*, e.name AS register_name, e.opd_id, p.predikat AS paid, r.choice, r.predikat AS chosen, r.kinerja_predikat, r.bkn_predikat,
              r.reason, r.actor, r.resolved_at, r.event_id,
              (r.nip IS NOT NULL AND r.kinerja_predikat IS NOT DISTINCT FROM s.kinerja AND r.bkn_predikat IS NOT DISTINCT FROM s.bkn
                 AND p.predikat IS NOT DISTINCT FROM r.predikat) AS resolved
         FROM sides s
         LEFT JOIN pay_employee e ON e.nip = s.nip
         LEFT JOIN pay_predikat p ON p.nip = s.nip AND p.month = s.month
         LEFT JOIN rec_resolution r ON r.nip = s.nip AND r.month = s.month
        WHERE s.kinerja IS DISTINCT FROM s.bkn AND ($2::text IS NULL OR e.opd_id = $2)
     )
     SELECT month, nip, coalesce(register_name, bkn_name, '') AS name, opd_id, kinerja, bkn, results, behaviour, in_bkn, paid, resolved,
            choice, chosen, kinerja_predikat, bkn_predikat, reason, actor, resolved_at, event_id, count(*) OVER () AS total
       FROM diffs
      WHERE $3::text = 'all' OR resolved = ($3::text = 'resolved')
      ORDER BY month, opd_id NULLS LAST, nip
      LIMIT $4 OFFSET $5`,
    [f.month ?? null, f.opdId ?? null, f.status, f.limit, f.offset],
  );
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    differences: rows.map((r) => ({
      month: r.month,
      nip: r.nip,
      name: r.name ?? '',
      opdId: r.opd_id,
      kind: r.kinerja === null ? 'BKN_ONLY' : r.bkn === null ? 'KINERJA_ONLY' : 'DIFFERENT_PREDIKAT',
      kinerja: r.kinerja,
      bkn: r.bkn,
      bknRatings: r.in_bkn ? { results: r.results, behaviour: r.behaviour } : null,
      paid: r.paid,
      resolved: r.resolved,
      resolution:
        r.choice && r.chosen && r.resolved_at && r.event_id
          ? {
              choice: r.choice,
              predikat: r.chosen,
              kinerjaPredikat: r.kinerja_predikat,
              bknPredikat: r.bkn_predikat,
              reason: r.reason ?? '',
              by: r.actor,
              at: r.resolved_at.toISOString(),
              eventId: r.event_id,
            }
          : null,
    })),
  };
}

/** The two sides of one NIP in one month, and whether a BKN export covers the month. */
export async function predikatSides(
  pool: Pool,
  month: string,
  nip: string,
): Promise<{ imported: boolean; kinerja: Predikat | null; bkn: Predikat | null }> {
  const { rows } = await pool.query<{ imported: boolean; kinerja: Predikat | null; bkn: Predikat | null }>(
    `SELECT EXISTS (SELECT 1 FROM bkn_import WHERE month = $1) AS imported,
            (SELECT predikat FROM rec_kinerja_predikat WHERE month = $1 AND nip = $2) AS kinerja,
            (SELECT predikat FROM bkn_predikat WHERE month = $1 AND nip = $2) AS bkn`,
    [month, nip],
  );
  return rows[0];
}

/** The BKN exports in force, month by month (newest first). */
export async function bknImports(
  pool: Queryable,
): Promise<Array<{ month: string; period: string; importId: string; fileName: string; rowCount: number; importedAt: string }>> {
  const { rows } = await pool.query<{
    month: string;
    period: string;
    import_id: string;
    file_name: string;
    row_count: number;
    imported_at: Date;
  }>('SELECT month, period, import_id, file_name, row_count, imported_at FROM bkn_import ORDER BY month DESC LIMIT 120');
  return rows.map((r) => ({
    month: r.month,
    period: r.period,
    importId: r.import_id,
    fileName: r.file_name,
    rowCount: r.row_count,
    importedAt: r.imported_at.toISOString(),
  }));
}

/** An issued appraisal (issued, objected, decided or final) of a period, as the SIASN export reads it. */
export interface IssuedAppraisalRow {
  nip: string;
  name: string;
  period: string;
  opdId: string;
  results: Rating;
  behaviour: Rating;
  predikat: Predikat;
  raterNip: string;
  raterPositionId: string | null;
}

/** The issued appraisals of a period (optionally of one OPD), by NIP. */
export async function issuedAppraisals(pool: Pool, period: string, opdId?: string): Promise<IssuedAppraisalRow[]> {
  const { rows } = await pool.query<{
    nip: string;
    name: string | null;
    period: string;
    opd_id: string;
    results: Rating;
    behaviour: Rating;
    predikat: Predikat;
    rater_nip: string;
    rater_position_id: string | null;
  }>(
    `SELECT l.nip, d.name, l.period, l.opd_id, l.results, l.behaviour, l.predikat, l.rater_nip,
            coalesce(l.aggregate->'issued'->'rater'->>'positionId', l.aggregate->'rated'->'rater'->>'positionId') AS rater_position_id
       FROM appraisal_ledger l LEFT JOIN employee_directory d ON d.nip = l.nip
      WHERE l.period = $1 AND l.state <> 'DRAFT' AND l.predikat IS NOT NULL AND ($2::text IS NULL OR l.opd_id = $2)
      ORDER BY l.nip`,
    [period, opdId ?? null],
  );
  return rows.map((r) => ({
    nip: r.nip,
    name: r.name ?? '',
    period: r.period,
    opdId: r.opd_id,
    results: r.results,
    behaviour: r.behaviour,
    predikat: r.predikat,
    raterNip: r.rater_nip,
    raterPositionId: r.rater_position_id,
  }));
}

/**
 * A page of differences and the exports in force, read in one snapshot (a read-only REPEATABLE READ
 * transaction). The console waits for an import to show among the exports and then stops asking:
 * read on two snapshots, a projection committing between the reads gave the import without its
 * differences ("all resolved") and the page kept that answer (seen in CI under load).
 */
export async function predikatReconciliation(
  pool: Pool,
  f: DifferenceFilter,
): Promise<{ total: number; differences: PredikatDifference[]; imports: Awaited<ReturnType<typeof bknImports>> }> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const list = await predikatDifferences(client, f);
    const imports = await bknImports(client);
    await client.query('COMMIT');
    return { ...list, imports };
  } catch (e) {
    // A connection whose transaction did not end cleanly is closed, never given back to the pool.
    failed = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(failed);
  }
}
