/**
 * Reconciliation with e-Kinerja BKN. Two kinds of stream:
 * - `BknExport-<period>`: the exports imported for a period (a month `2026-03` or a quarter
 *   `2026-Q1`); the latest import is the one in force for each month of the period, and the same
 *   file imported again while it is in force appends nothing.
 * - `PredikatReconciliation-<month>`: the recorded choice, per NIP, between kinerja's predikat and
 *   BKN's where they differ, with the reason (who: the event's metadata).
 */
import { badInput, conflict, Decider, DomainEvent, domainError, Instant, isValidNip } from '@kinerja/kernel';
import type { Predikat } from '@kinerja/policies';
import type { BknRow } from './bkn-export';

export const PREDIKAT_SOURCES = ['KINERJA', 'BKN'] as const;
export type PredikatSource = (typeof PREDIKAT_SOURCES)[number];

/** Rows per event: a Pemda's export of 20,000 ASN is 10 events, each well under the event size limit. */
export const BKN_IMPORT_CHUNK = 2000;

export type BknExportImported = DomainEvent<
  'BknExportImported',
  {
    period: string;
    /** The months the period covers: BKN's predikat is compared with kinerja's in each. */
    months: string[];
    /** The file's content hash: the same rows are the same import. */
    importId: string;
    fileName: string;
    /** This event's chunk of the file's rows (0-based), of `chunks`. */
    chunk: number;
    chunks: number;
    rowCount: number;
    rows: BknRow[];
    at: Instant;
  }
>;

export type PredikatDifferenceResolved = DomainEvent<
  'PredikatDifferenceResolved',
  {
    month: string;
    nip: string;
    choice: PredikatSource;
    /** The predikat chosen: the pay input of the month from now on. */
    predikat: Predikat;
    /** The two sides as they stood when the choice was made: a later change on either side re-opens the difference. */
    kinerjaPredikat: Predikat | null;
    bknPredikat: Predikat | null;
    /** What the policy in force for the month proposed (`predikatSource`). */
    governingSource: PredikatSource;
    reason: string;
    at: Instant;
  }
>;

export type ReconciliationEvent = BknExportImported | PredikatDifferenceResolved;
export const RECONCILIATION_EVENT_TYPES = [
  'BknExportImported',
  'PredikatDifferenceResolved',
] as const satisfies readonly ReconciliationEvent['type'][];

export const bknExportStreamId = (period: string) => `BknExport-${period}`;
export const reconciliationStreamId = (month: string) => `PredikatReconciliation-${month}`;

// ---------- import: BknExport-<period> ----------

export interface ImportBknExport {
  type: 'ImportBknExport';
  period: string;
  months: string[];
  importId: string;
  fileName: string;
  rows: BknRow[];
  at: Instant;
}

/** The import in force for the period (null before the first). */
export interface BknExportState {
  current: string | null;
}

export const bknExportDecider: Decider<ImportBknExport, BknExportImported, BknExportState> = {
  initialState: () => ({ current: null }),
  evolve: (_s, e) => ({ current: e.data.importId }),
  decide(cmd, s) {
    // The same file again while it is in force: nothing new to say.
    if (s.current === cmd.importId) return [];
    const chunks = Math.max(1, Math.ceil(cmd.rows.length / BKN_IMPORT_CHUNK));
    const { period, months, importId, fileName, at } = cmd;
    return Array.from({ length: chunks }, (_, chunk) => ({
      type: 'BknExportImported' as const,
      data: {
        period,
        months,
        importId,
        fileName,
        chunk,
        chunks,
        rowCount: cmd.rows.length,
        rows: cmd.rows.slice(chunk * BKN_IMPORT_CHUNK, (chunk + 1) * BKN_IMPORT_CHUNK),
        at,
      },
    }));
  },
};

// ---------- resolution: PredikatReconciliation-<month> ----------

/** The difference of one NIP in one month as the read models hold it when the choice is made. */
export interface Difference {
  /** A BKN export covering the month was imported. */
  imported: boolean;
  kinerja: Predikat | null;
  bkn: Predikat | null;
}

export interface ResolveDifference {
  type: 'ResolveDifference';
  month: string;
  nip: string;
  /** KINERJA or BKN; checked here (it comes from a request). */
  choice: string;
  reason: string;
  difference: Difference;
  governingSource: PredikatSource;
  at: Instant;
}

interface Resolution {
  choice: PredikatSource;
  kinerja: Predikat | null;
  bkn: Predikat | null;
}
/** The latest choice per NIP (a Map: a NIP from a request may be `__proto__`). */
export type ReconciliationState = ReadonlyMap<string, Resolution>;

export const reconciliationDecider: Decider<ResolveDifference, PredikatDifferenceResolved, ReconciliationState> = {
  initialState: () => new Map(),
  evolve: (s, e) => new Map(s).set(e.data.nip, { choice: e.data.choice, kinerja: e.data.kinerjaPredikat, bkn: e.data.bknPredikat }),
  decide(cmd, s) {
    if (!isValidNip(cmd.nip)) throw badInput('INVALID_NIP', `not a NIP: ${JSON.stringify(String(cmd.nip).slice(0, 40))}`, { nip: cmd.nip });
    if (!(PREDIKAT_SOURCES as readonly string[]).includes(cmd.choice))
      throw badInput('INVALID_PREDIKAT_SOURCE', `choose KINERJA or BKN, got ${JSON.stringify(String(cmd.choice).slice(0, 40))}`, {
        choice: cmd.choice,
      });
    if (!cmd.reason?.trim()) throw badInput('REASON_REQUIRED', 'say why this predikat is the one to pay');
    const { difference: d } = cmd;
    if (!d.imported)
      throw domainError('NO_BKN_EXPORT', { month: cmd.month }, `no e-Kinerja BKN export covering ${cmd.month} has been imported`);
    if (d.kinerja === d.bkn)
      throw conflict('NO_PREDIKAT_DIFFERENCE', `kinerja and BKN agree on ${cmd.nip} in ${cmd.month}`, {
        nip: cmd.nip,
        month: cmd.month,
        predikat: d.kinerja,
      });
    const choice = cmd.choice as PredikatSource;
    const predikat = choice === 'KINERJA' ? d.kinerja : d.bkn;
    if (predikat === null)
      throw domainError(
        'PREDIKAT_SOURCE_EMPTY',
        { nip: cmd.nip, month: cmd.month, choice },
        `${choice === 'KINERJA' ? 'kinerja has issued' : 'the BKN export has'} no predikat for ${cmd.nip} in ${cmd.month}: choose the other`,
      );
    const before = s.get(cmd.nip);
    // The same choice on the same two sides is already recorded.
    if (before && before.choice === choice && before.kinerja === d.kinerja && before.bkn === d.bkn) return [];
    return [
      {
        type: 'PredikatDifferenceResolved',
        data: {
          month: cmd.month,
          nip: cmd.nip,
          choice,
          predikat,
          kinerjaPredikat: d.kinerja,
          bknPredikat: d.bkn,
          governingSource: cmd.governingSource,
          reason: cmd.reason.trim(),
          at: cmd.at,
        },
      },
    ];
  },
};
