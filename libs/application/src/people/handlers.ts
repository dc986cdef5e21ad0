import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { deterministicId, KinerjaError, newId, notFound } from '@kinerja/kernel';
import { accessActorOf } from '@kinerja/domain/access';
import { employeeRecordFor, employeeStreamId, maskBankAccount } from '@kinerja/domain/employee';
import { assignmentsOn, orgChartAsOf, OrgChartUnit, positionAsOf, SupervisorRef } from '@kinerja/domain/organisation';
import { namesOf, orgChartFromReadModel, searchDirectory } from '@kinerja/projections';
import { ApplicationHandler } from '../handler';
import { asOfMoment } from '../audit/as-of';
import { completedDemoSteps, CompleteDemoStep, demoPemdaState, GetDemoProgress, markDemoStep } from './demo';
import { importEmployees } from './import';
import { PeopleService } from './service';
import { ReadAudit } from '../audit/reads';
import {
  AssignPositionHolder,
  ChangeEmployee,
  ChangeOrganisation,
  EmployeeHistoryItem,
  GetEmployee,
  GetEmployeeHistory,
  GetOrgChart,
  GetPosition,
  GetSupervisors,
  ImportEmployees,
  SearchEmployees,
  SupervisorView,
} from './commands';

// One handler per command or query of the people area. A command handler authorises (the one access
// policy, through PeopleService), loads, decides and appends through `handleCommand`; a query handler
// authorises and reads. "Now" and "today" come from the injected Clock.

/** What each handler of the area is given. */
abstract class PeopleHandler extends ApplicationHandler {
  constructor(@Inject(PeopleService) protected readonly people: PeopleService) {
    super();
  }
}

@CommandHandler(ChangeEmployee)
export class ChangeEmployeeHandler extends PeopleHandler implements ICommandHandler<ChangeEmployee> {
  execute({ change, actor, ctx }: ChangeEmployee) {
    return this.people.employeeCommand({ ...change, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(ChangeOrganisation)
export class ChangeOrganisationHandler extends PeopleHandler implements ICommandHandler<ChangeOrganisation> {
  execute({ change, actor, ctx }: ChangeOrganisation) {
    return this.people.organisationCommand({ ...change, by: actor, now: this.now() }, ctx);
  }
}

@CommandHandler(AssignPositionHolder)
export class AssignPositionHolderHandler extends PeopleHandler implements ICommandHandler<AssignPositionHolder> {
  async execute({ assignment, actor, ctx }: AssignPositionHolder) {
    // A retry with the same Idempotency-Key must name the same assignment, or it would place the person twice.
    const assignmentId = assignment.assignmentId ?? (ctx.idempotencyKey ? deterministicId('assignment', ctx.idempotencyKey) : newId());
    const result = await this.people.organisationCommand(
      { type: 'AssignHolder', ...assignment, assignmentId, by: actor, now: this.now() },
      ctx,
    );
    return { ...result, assignmentId };
  }
}

@CommandHandler(ImportEmployees)
export class ImportEmployeesHandler extends PeopleHandler implements ICommandHandler<ImportEmployees> {
  async execute({ file, actor, run }: ImportEmployees) {
    const r = await importEmployees(this.people, file.csv, {
      ...run,
      by: actor,
      now: this.now(),
      dryRun: file.dryRun,
      ...(file.reason ? { reason: file.reason } : {}),
    });
    if (!r.ok)
      throw new KinerjaError('IMPORT_REJECTED', `${r.errors.length} problem(s) in the file; nothing was imported`, 'RULE', {
        errors: r.errors,
      });
    return r;
  }
}

/** Roles that see the whole directory, and roles that see their OPD's. */
const SEES_EVERYONE = ['admin_kepegawaian', 'bpkad', 'inspektorat'];
const SEES_OWN_OPD = ['bendahara', 'ppk_skpd', 'kepala_opd'];

@QueryHandler(SearchEmployees)
export class SearchEmployeesHandler extends PeopleHandler implements IQueryHandler<SearchEmployees> {
  async execute({ search, actor }: SearchEmployees) {
    const grants = accessActorOf(actor).grants;
    let visible: 'all' | { opdIds: string[]; nips: string[] } = 'all';
    if (!grants.some((g) => SEES_EVERYONE.includes(g.role))) {
      const opdIds = grants.flatMap((g) => (g.opdId && SEES_OWN_OPD.includes(g.role) ? [g.opdId] : []));
      // An employee sees themself and the people they supervise today.
      const nips = actor.nip ? [actor.nip, ...(await this.people.org.directReportsOf(actor.nip, this.today()))] : [];
      visible = { opdIds, nips };
    }
    const { page, pageSize } = search;
    const { items, total } = await searchDirectory(this.db, { ...search, visible });
    return { items, page: { page, pageSize, total, pages: Math.ceil(total / pageSize) } };
  }
}

/** The fields an employee event may set, in the order the history lists them; salary is financial. */
const HISTORY_FIELDS = [
  'name',
  'asnStatus',
  'positionId',
  'positionGrade',
  'orgUnitId',
  'employmentState',
  'terCategory',
  'ptkpStatus',
  'salaryBase',
  'salaryGross',
] as const;
const FINANCIAL_FIELDS: ReadonlySet<string> = new Set(['salaryBase', 'salaryGross']);

/** What one event of the register set, as a viewer may see it (salary only with the financial right, the account masked otherwise). */
function historyChanges(data: Record<string, unknown>, financial: boolean): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = [];
  for (const f of HISTORY_FIELDS)
    if (Object.hasOwn(data, f) && (financial || !FINANCIAL_FIELDS.has(f))) out.push({ field: f, value: String(data[f]) });
  const bank = data.bankAccount as { bankName?: unknown; accountNumber?: unknown; accountName?: unknown } | undefined;
  if (bank && typeof bank === 'object') {
    const number = String(bank.accountNumber ?? '');
    out.push({
      field: 'bankAccount',
      value: `${String(bank.bankName ?? '')} ${financial ? number : maskBankAccount(number)} a.n. ${String(bank.accountName ?? '')}`,
    });
  }
  return out;
}

@QueryHandler(GetEmployeeHistory)
export class GetEmployeeHistoryHandler extends PeopleHandler implements IQueryHandler<GetEmployeeHistory> {
  @Inject(ReadAudit) private readonly reads!: ReadAudit;

  async execute({ nip, page, actor, read }: GetEmployeeHistory) {
    const at = this.now();
    // 404 for a NIP nobody registered, before the access check (as the record's own read).
    const record = await this.people.employeeRecord(nip);
    const subject = { kind: 'employee' as const, nip, opdId: record.orgUnitId };
    const via = await this.people.authorize(actor, 'employee.view', subject, at);
    const financial = await this.people.allows(actor, 'employee.viewFinancial', subject, at);
    const events = await this.people.store.readStream(employeeStreamId(nip));
    const items: EmployeeHistoryItem[] = events
      .map((e) => {
        const data = e.data as Record<string, unknown>;
        return {
          type: e.type,
          effectiveDate: String(data.effectiveDate),
          recordedAt: e.recordedAt.toISOString(),
          reason: typeof data.reason === 'string' ? data.reason : typeof e.metadata.reason === 'string' ? e.metadata.reason : null,
          actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
          changes: historyChanges(data, financial),
          streamPosition: e.streamPosition,
        };
      })
      .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.streamPosition - a.streamPosition);
    await this.reads.record(actor, via, nip, 'employee.record', 'history', read);
    const from = (page.page - 1) * page.pageSize;
    return {
      nip,
      items: items.slice(from, from + page.pageSize),
      financialDetails: financial ? ('shown' as const) : ('hidden' as const),
      page: { ...page, total: items.length, pages: Math.ceil(items.length / page.pageSize) },
    };
  }
}

@QueryHandler(GetEmployee)
export class GetEmployeeHandler extends PeopleHandler implements IQueryHandler<GetEmployee> {
  @Inject(ReadAudit) private readonly reads!: ReadAudit;

  async execute({ nip, date, actor, read, asOf }: GetEmployee) {
    const at = this.now();
    const moment = asOfMoment(asOf, at);
    const record = await this.people.employeeRecord(nip, date, moment);
    const subject = { kind: 'employee' as const, nip, opdId: record.orgUnitId };
    const via = await this.people.authorize(actor, 'employee.view', subject, at);
    const financial = await this.people.allows(actor, 'employee.viewFinancial', subject, at);
    const version = moment
      ? ((await this.people.store.readStream(employeeStreamId(nip), { asOf: moment })).at(-1)?.streamPosition ?? -1)
      : await this.people.store.streamVersion(employeeStreamId(nip));
    await this.reads.record(actor, via, nip, 'employee.record', date ?? null, read);
    return {
      ...employeeRecordFor(record, financial),
      financialDetails: financial ? ('shown' as const) : ('hidden' as const),
      asOf: date ?? null,
      version,
    };
  }
}

@QueryHandler(GetSupervisors)
export class GetSupervisorsHandler extends PeopleHandler implements IQueryHandler<GetSupervisors> {
  async execute({ nip, date: asked, actor }: GetSupervisors) {
    const date = this.dateOrToday(asked);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, this.now());
    const s = await this.people.supervisors(nip, date);
    const names = await namesOf(
      this.db,
      [s.supervisor?.nip, s.raterSupervisor?.nip].filter((x): x is string => !!x),
    );
    const view = (r: SupervisorRef | null): SupervisorView | null =>
      r && { nip: r.nip, name: names.get(r.nip) ?? null, positionId: r.positionId, acting: r.acting, assignmentId: r.assignmentId };
    return { nip, date, supervisor: view(s.supervisor), raterSupervisor: view(s.raterSupervisor) };
  }
}

@QueryHandler(GetOrgChart)
export class GetOrgChartHandler extends PeopleHandler implements IQueryHandler<GetOrgChart> {
  async execute({ date: asked, opdId, actor, asOf }: GetOrgChart) {
    const date = this.dateOrToday(asked);
    const now = this.now();
    const moment = asOfMoment(asOf, now);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, now);
    // As of a moment: the organisation's stream up to it, folded with the domain's own apply (as the org read model is).
    const chart = moment ? orgChartAsOf(date, await this.people.org.asOf(moment)) : await orgChartFromReadModel(this.db, date);
    const opds = opdId ? chart.opds.filter((o) => o.unitId === opdId) : chart.opds;
    const nips: string[] = [];
    const walk = (u: OrgChartUnit) => {
      for (const p of u.positions) for (const h of p.holders) nips.push(h.nip);
      u.children.forEach(walk);
    };
    opds.forEach(walk);
    const names = await namesOf(this.db, nips);
    const named = (u: OrgChartUnit): unknown => ({
      ...u,
      positions: u.positions.map((p) => ({ ...p, holders: p.holders.map((h) => ({ ...h, name: names.get(h.nip) ?? null })) })),
      children: u.children.map(named),
    });
    return { date, opds: opds.map(named) };
  }
}

@QueryHandler(GetPosition)
export class GetPositionHandler extends PeopleHandler implements IQueryHandler<GetPosition> {
  async execute({ positionId, date: asked, actor }: GetPosition) {
    const date = this.dateOrToday(asked);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, this.now());
    const h = await this.people.org.current();
    const p = positionAsOf(positionId, date, h);
    if (!p) throw notFound('UNKNOWN_POSITION', 'no such position on that date', { positionId, date });
    return { positionId, date, ...p, holders: assignmentsOn(positionId, date, h) };
  }
}

@CommandHandler(CompleteDemoStep)
export class CompleteDemoStepHandler extends PeopleHandler implements ICommandHandler<CompleteDemoStep> {
  execute({ step }: CompleteDemoStep) {
    return markDemoStep(this.people.store, step, this.now());
  }
}

@QueryHandler(GetDemoProgress)
export class GetDemoProgressHandler extends PeopleHandler implements IQueryHandler<GetDemoProgress> {
  async execute() {
    const store = this.people.store;
    return { pemda: await demoPemdaState(store), done: [...(await completedDemoSteps(store))] };
  }
}

export const PEOPLE_HANDLERS = [
  ChangeEmployeeHandler,
  ChangeOrganisationHandler,
  AssignPositionHolderHandler,
  ImportEmployeesHandler,
  SearchEmployeesHandler,
  GetEmployeeHandler,
  GetEmployeeHistoryHandler,
  GetSupervisorsHandler,
  GetOrgChartHandler,
  GetPositionHandler,
  CompleteDemoStepHandler,
  GetDemoProgressHandler,
];
