import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '@kinerja/kernel';
import type { BknRowError, PredikatDifferenceResolved, PredikatSource } from '@kinerja/domain/reconciliation';
import type { PredikatDifference } from '@kinerja/projections';
import type { CommandResult } from '../command-handler';
import type { RequestContext } from '../people/service';
import type { SiasnExport } from './siasn-exchange';

// The reconciliation with e-Kinerja BKN and the SIASN export, as the edges (HTTP, CLI) send them.

export interface BknImportReport {
  period: string;
  months: string[];
  fileName: string;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  rows: number;
  valid: number;
  errors: BknRowError[];
  /** Events appended: 0 on a dry run and for the file already in force. */
  appended: number;
  importId: string;
}

/** An e-Kinerja BKN predikat export for a period (`YYYY-MM` or `YYYY-Qn`), all or nothing; `dryRun` checks only. */
export class ImportBknExport extends Command<BknImportReport> {
  constructor(
    readonly period: string,
    readonly file: { fileName: string; content: Buffer; dryRun: boolean },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

/** The choice between kinerja's predikat and BKN's for one NIP in one month, with the reason (absent choice: the policy's source). */
export class ResolvePredikatDifference extends Command<
  CommandResult<PredikatDifferenceResolved> & { month: string; nip: string; choice: PredikatSource; governingSource: PredikatSource }
> {
  constructor(
    readonly month: string,
    readonly nip: string,
    readonly resolution: { choice?: string; reason: string },
    readonly actor: Actor,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export type DifferenceView = PredikatDifference & {
  /** What the policy in force for the month proposes (its `predikatSource`; absent: KINERJA). */
  proposal: PredikatSource;
};

/** The differences with e-Kinerja BKN, paged; `status` unresolved (default), resolved or all. */
export class ListPredikatDifferences extends Query<{
  total: number;
  limit: number;
  offset: number;
  differences: DifferenceView[];
  imports: Array<{ month: string; period: string; importId: string; fileName: string; rowCount: number; importedAt: string }>;
}> {
  constructor(
    readonly filter: { month?: string; opdId?: string; status: 'unresolved' | 'resolved' | 'all' },
    readonly page: { limit: number; offset: number },
    readonly actor: Actor,
  ) {
    super();
  }
}

/** kinerja's issued appraisals of a period as SIASN periodic-performance rows, through the SIASN exchange. */
export class ExportSiasnPerformance extends Query<SiasnExport> {
  constructor(
    readonly period: string,
    readonly options: { opdId?: string; format: 'json' | 'csv' },
    readonly actor: Actor,
  ) {
    super();
  }
}
