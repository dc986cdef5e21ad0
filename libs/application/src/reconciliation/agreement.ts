import type { Pool } from 'pg';
import { domainError } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { predikatDifferences, reconciliationProjection, waitForProjection } from '@kinerja/projections';

/** The most differences a refusal names one by one (the count is always whole). */
const NAMED = 1000;

/**
 * The check before a payroll run of an OPD and month is submitted: while kinerja's predikat and a
 * BKN export imported for the month differ on any of the OPD's employees without a recorded
 * choice, the run is refused (PREDIKAT_SOURCES_DISAGREE, 422) naming each difference. A month with
 * no BKN export imported is not checked.
 */
export async function assertPredikatSourcesAgree(db: Pool, store: EventStore, opdId: string, month: string): Promise<void> {
  if (!(await waitForProjection(db, store, reconciliationProjection, { timeoutMs: 30_000 })))
    throw domainError(
      'READ_MODEL_BEHIND',
      { projection: reconciliationProjection.name },
      'the reconciliation with e-Kinerja BKN is still catching up; try again in a moment',
      'UNAVAILABLE',
    );
  const { total, differences } = await predikatDifferences(db, { month, opdId, status: 'unresolved', limit: NAMED, offset: 0 });
  if (!total) return;
  throw domainError(
    'PREDIKAT_SOURCES_DISAGREE',
    {
      opdId,
      month,
      count: total,
      differences: differences.map((d) => ({ nip: d.nip, name: d.name, kind: d.kind, kinerja: d.kinerja, bkn: d.bkn })),
    },
    `${total} difference(s) between kinerja's predikat and e-Kinerja BKN's for ${month} are unresolved; resolve each (KINERJA or BKN, with a reason) before submitting`,
  );
}
