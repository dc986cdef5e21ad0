import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, badInput, contentId } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import type { Action } from '@kinerja/domain/access';
import { assertPeriod, lastDayOf, monthsOf } from '@kinerja/domain/appraisal';
import { positionAsOf, unitAsOf } from '@kinerja/domain/organisation';
import {
  bknExportDecider,
  bknExportStreamId,
  parseBknExport,
  reconciliationDecider,
  reconciliationStreamId,
  siasnRowOf,
  type BknRowError,
  type PredikatSource,
} from '@kinerja/domain/reconciliation';
import { policyInForce, type PolicyDocument } from '@kinerja/policies';
import {
  issuedAppraisals,
  knownPayrollNips,
  namesOf,
  predikatReconciliation,
  predikatSides,
  reconciliationProjection,
  waitForProjection,
} from '@kinerja/projections';
import { handleCommand } from '../command-handler';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';
import { EVENT_STORE, POLICIES, SIASN_EXCHANGE } from '../ports';
import { ExportSiasnPerformance, ImportBknExport, ListPredikatDifferences, ResolvePredikatDifference } from './commands';
import { readExportFile } from './file';
import type { SiasnExchange } from './siasn-exchange';

const ORGANISATION = { kind: 'organisation' } as const;

/** What the reconciliation handlers share: the people (access), the store, the policies. */
abstract class ReconciliationHandler extends ApplicationHandler {
  @Inject(PeopleService) protected readonly people!: PeopleService;
  @Inject(EVENT_STORE) protected readonly store!: EventStore;
  @Inject(POLICIES) protected readonly policies!: () => Promise<readonly PolicyDocument[]>;

  protected async allow(actor: Actor, action: Action): Promise<string> {
    const via = await this.people.authorize(actor, action, ORGANISATION, this.now());
    return via.startsWith('role:') ? via.slice(5) : via;
  }

  /** The source the policy in force for the month says governs TPP (absent: kinerja's own). */
  protected async governingSource(month: string): Promise<PredikatSource> {
    return policyInForce(await this.policies(), month).predikatSource ?? 'KINERJA';
  }
}

@CommandHandler(ImportBknExport)
export class ImportBknExportHandler extends ReconciliationHandler implements ICommandHandler<ImportBknExport> {
  async execute({ period, file, actor, ctx }: ImportBknExport) {
    const role = await this.allow(actor, 'predikat.reconcile');
    assertPeriod(period);
    const fileName = file.fileName.slice(0, 120);
    const { format, table } = await readExportFile(file.content, fileName);
    const parsed = parseBknExport(table, period);
    // A NIP the payroll register does not know is a bad row like any other: the import is all or nothing.
    const known = await knownPayrollNips(
      this.db,
      parsed.rows.map((r) => r.nip),
    );
    const errors: BknRowError[] = [...parsed.errors];
    const rows = parsed.rows.filter((r) => {
      if (known.has(r.nip)) return true;
      errors.push({
        line: parsed.lineOf.get(r.nip) ?? 0,
        column: 'NIP',
        nip: r.nip,
        code: 'UNKNOWN_EMPLOYEE',
        message: 'no employee with this NIP in the register',
      });
      return false;
    });
    errors.sort((a, b) => a.line - b.line);
    const months = monthsOf(period);
    // The id of an import is its content: the same file imported again while it is in force appends nothing.
    const importId = contentId({ period, rows });
    const report = {
      period,
      months,
      fileName,
      format,
      dryRun: file.dryRun,
      rows: parsed.rows.length + parsed.errors.length,
      valid: rows.length,
      errors,
      importId,
    };
    if (file.dryRun) return { ...report, appended: 0 };
    if (errors.length)
      throw badInput(
        'IMPORT_HAS_ERRORS',
        `${errors.length} bad row(s); nothing was imported (see details.errors; a dry run lists them too)`,
        {
          ...report,
          appended: 0,
        },
      );
    const r = await handleCommand(
      this.store,
      bknExportStreamId(period),
      bknExportDecider,
      { type: 'ImportBknExport', period, months, importId, fileName, rows, at: this.now() },
      { actor, role, ...ctx, reason: `e-Kinerja BKN export ${fileName} for ${period}` },
    );
    return { ...report, appended: r.replayed ? 0 : r.events.length };
  }
}

@CommandHandler(ResolvePredikatDifference)
export class ResolvePredikatDifferenceHandler extends ReconciliationHandler implements ICommandHandler<ResolvePredikatDifference> {
  async execute({ month, nip, resolution, actor, ctx }: ResolvePredikatDifference) {
    const role = await this.allow(actor, 'predikat.reconcile');
    const governingSource = await this.governingSource(month);
    const choice = resolution.choice ?? governingSource;
    // The two sides as the log holds them now (the read model caught up first).
    await waitForProjection(this.db, this.store, reconciliationProjection, { timeoutMs: 30_000 });
    const difference = await predikatSides(this.db, month, nip);
    const cmd = {
      type: 'ResolveDifference' as const,
      month,
      nip,
      choice,
      reason: resolution.reason,
      difference,
      governingSource,
      at: this.now(),
    };
    // Refusals that need no state come before the stream is read.
    reconciliationDecider.decide(cmd, reconciliationDecider.initialState());
    const r = await handleCommand(this.store, reconciliationStreamId(month), reconciliationDecider, cmd, {
      actor,
      role,
      ...ctx,
      reason: resolution.reason,
    });
    return { ...r, month, nip, choice: choice as PredikatSource, governingSource };
  }
}

@QueryHandler(ListPredikatDifferences)
export class ListPredikatDifferencesHandler extends ReconciliationHandler implements IQueryHandler<ListPredikatDifferences> {
  async execute({ filter, page, actor }: ListPredikatDifferences) {
    await this.allow(actor, 'predikat.reconciliation.view');
    // One snapshot: the exports in force and the differences they make always agree.
    const { total, differences, imports } = await predikatReconciliation(this.db, { ...filter, ...page });
    const proposals = new Map<string, PredikatSource>();
    for (const d of differences)
      if (!proposals.has(d.month)) proposals.set(d.month, await this.governingSource(d.month).catch(() => 'KINERJA' as const));
    return {
      total,
      ...page,
      differences: differences.map((d) => ({ ...d, proposal: proposals.get(d.month) ?? 'KINERJA' })),
      imports,
    };
  }
}

@QueryHandler(ExportSiasnPerformance)
export class ExportSiasnPerformanceHandler extends ReconciliationHandler implements IQueryHandler<ExportSiasnPerformance> {
  @Inject(SIASN_EXCHANGE) private readonly siasn!: SiasnExchange;

  async execute({ period, options, actor }: ExportSiasnPerformance) {
    await this.allow(actor, 'predikat.reconcile');
    assertPeriod(period);
    const appraisals = await issuedAppraisals(this.db, period, options.opdId);
    // The rater as the org chart named them on the period's last day (the day that made them the rater).
    const day = lastDayOf(period);
    const history = await this.people.org.current();
    const names = await namesOf(this.db, [...new Set(appraisals.map((a) => a.raterNip))]);
    const rows = appraisals.map((a) => {
      const position = a.raterPositionId ? positionAsOf(a.raterPositionId, day, history) : undefined;
      const unit = position ? unitAsOf(position.unitId, day, history) : undefined;
      return siasnRowOf({
        nip: a.nip,
        name: a.name,
        period: a.period,
        results: a.results,
        behaviour: a.behaviour,
        predikat: a.predikat,
        rater: { nip: a.raterNip, name: names.get(a.raterNip) ?? '', position: position?.name ?? '', unit: unit?.name ?? '' },
      });
    });
    return this.siasn.exportPeriodicPerformance(rows, { period, format: options.format });
  }
}

export const RECONCILIATION_HANDLERS = [
  ImportBknExportHandler,
  ResolvePredikatDifferenceHandler,
  ListPredikatDifferencesHandler,
  ExportSiasnPerformanceHandler,
];
