import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, KinerjaError } from '@kinerja/kernel';
import { importEmployees, PeopleService } from '@kinerja/application';
import { accessActorOf } from '@kinerja/domain/access';
import { EmployeeCommand, employeeRecordFor, employeeStreamId } from '@kinerja/domain/employee';
import { directReportsOf, SupervisorRef } from '@kinerja/domain/organisation';
import {
  ChangeBankAccountBody,
  ChangeEmploymentStateBody,
  ChangePositionBody,
  ChangeSalaryBody,
  ChangeTaxCategoryBody,
  DateQueryParams,
  DirectoryQueryParams,
  ImportEmployeesBody,
  parseInput,
  RegisterEmployeeBody,
  TransferOrgUnitBody,
} from '@kinerja/contracts';
import { namesOf, searchDirectory } from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, dateOrToday, nipParam, now, requestContext } from './http';

type Hdrs = Record<string, string | undefined>;

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/employees')
export class EmployeesController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The employee directory: search by name or NIP, paginated; only the employees the caller may see' })
  async list(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const q = parseInput(DirectoryQueryParams, query);
    const grants = accessActorOf(actor).grants;
    let visible: 'all' | { opdIds: string[]; nips: string[] } = 'all';
    if (!grants.some((g) => ['admin_kepegawaian', 'bpkad', 'inspektorat'].includes(g.role))) {
      const opdIds = grants.filter((g) => g.opdId && ['bendahara', 'ppk_skpd', 'kepala_opd'].includes(g.role)).map((g) => g.opdId!);
      // An employee sees themself and the people they supervise today.
      const nips = actor.nip ? [actor.nip, ...directReportsOf(actor.nip, dateOrToday(undefined), await this.people.org.current())] : [];
      visible = { opdIds, nips };
    }
    const { items, total } = await searchDirectory(this.rt.db.pool, { q: q.q, opdId: q.opd, page: q.page, pageSize: q.pageSize, visible });
    return { items, page: { page: q.page, pageSize: q.pageSize, total, pages: Math.ceil(total / q.pageSize) } };
  }

  @Get(':nip')
  @ApiOperation({ summary: 'An employee record as of a date; salary only to the employee, the finance roles of the OPD and the inspectorate; bank account masked otherwise' })
  async get(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Query() query: Record<string, string>) {
    const nip = nipParam(nipText);
    const { date } = parseInput(DateQueryParams, query);
    if (date !== undefined) dateOrToday(date);
    const record = await this.people.employeeRecord(nip, date);
    const subject = { kind: 'employee' as const, nip, opdId: record.orgUnitId };
    const at = now();
    await this.people.authorize(actor, 'employee.view', subject, at);
    const financial = await this.people.allows(actor, 'employee.viewFinancial', subject, at);
    const version = await this.people.store.streamVersion(employeeStreamId(nip));
    return { ...employeeRecordFor(record, financial), financialDetails: financial ? 'shown' : 'hidden', asOf: date ?? null, version };
  }

  @Get(':nip/supervisor')
  @ApiOperation({ summary: 'Atasan langsung (pejabat penilai kinerja) of the employee on a date, and the atasan pejabat penilai' })
  async supervisor(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Query() query: Record<string, string>) {
    const nip = nipParam(nipText);
    const date = dateOrToday(parseInput(DateQueryParams, query).date);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, now());
    const s = await this.people.supervisors(nip, date);
    const names = await namesOf(this.rt.db.pool, [s.supervisor?.nip, s.raterSupervisor?.nip].filter((x): x is string => !!x));
    const ref = (r: SupervisorRef | null) => r && { nip: r.nip, name: names.get(r.nip) ?? null, positionId: r.positionId, acting: r.acting, assignmentId: r.assignmentId };
    return { nip, date, supervisor: ref(s.supervisor), raterSupervisor: ref(s.raterSupervisor) };
  }

  @Get(':nip/rater-supervisor')
  @ApiOperation({ summary: 'Atasan pejabat penilai (the rater’s own supervisor, who decides objections) on a date' })
  async raterSupervisor(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Query() query: Record<string, string>) {
    const r = await this.supervisor(actor, nipText, query);
    return { nip: r.nip, date: r.date, rater: r.supervisor, raterSupervisor: r.raterSupervisor };
  }

  @Post()
  @HttpCode(201)
  @CommandDoc(RegisterEmployeeBody)
  @ApiOperation({ summary: 'Register an employee (admin_kepegawaian)' })
  async register(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(RegisterEmployeeBody, body);
    return this.run({ type: 'RegisterEmployee', ...b, by: actor, now: now() }, h);
  }

  @Post('import')
  @CommandDoc(ImportEmployeesBody)
  @ApiOperation({ summary: 'Import a SIASN export (CSV text, IMPORT.md columns); all or nothing; dryRun checks only. 422 IMPORT_REJECTED lists every bad row' })
  async import(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const b = parseInput(ImportEmployeesBody, body);
    const r = await importEmployees(this.people, b.csv, { by: actor, now: now(), dryRun: b.dryRun, ...(b.reason ? { reason: b.reason } : {}) });
    if (!r.ok) throw new KinerjaError('IMPORT_REJECTED', `${r.errors.length} problem(s) in the file; nothing was imported`, 'RULE', { errors: r.errors });
    res.status(r.dryRun ? 200 : 201);
    return r;
  }

  @Post(':nip/position')
  @HttpCode(201)
  @CommandDoc(ChangePositionBody)
  @ApiOperation({ summary: 'Change position and kelas jabatan from an effective date' })
  async position(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'ChangePosition', nip: nipParam(nip), ...parseInput(ChangePositionBody, body), by: actor, now: now() }, h);
  }

  @Post(':nip/org-unit')
  @HttpCode(201)
  @CommandDoc(TransferOrgUnitBody)
  @ApiOperation({ summary: 'Transfer to another OPD (the one paying the TPP) from an effective date' })
  async transfer(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'TransferOrgUnit', nip: nipParam(nip), ...parseInput(TransferOrgUnitBody, body), by: actor, now: now() }, h);
  }

  @Post(':nip/employment-state')
  @HttpCode(201)
  @CommandDoc(ChangeEmploymentStateBody)
  @ApiOperation({ summary: 'Active, on leave or retired, from an effective date' })
  async state(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'ChangeEmploymentState', nip: nipParam(nip), ...parseInput(ChangeEmploymentStateBody, body), by: actor, now: now() }, h);
  }

  @Post(':nip/salary')
  @HttpCode(201)
  @CommandDoc(ChangeSalaryBody)
  @ApiOperation({ summary: 'Change salary base and gross (admin_kepegawaian, bendahara of the OPD)' })
  async salary(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'ChangeSalary', nip: nipParam(nip), ...parseInput(ChangeSalaryBody, body), by: actor, now: now() }, h);
  }

  @Post(':nip/tax-category')
  @HttpCode(201)
  @CommandDoc(ChangeTaxCategoryBody)
  @ApiOperation({ summary: 'Change PTKP status and TER category' })
  async tax(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'ChangeTaxCategory', nip: nipParam(nip), ...parseInput(ChangeTaxCategoryBody, body), by: actor, now: now() }, h);
  }

  @Post(':nip/bank-account')
  @HttpCode(201)
  @CommandDoc(ChangeBankAccountBody)
  @ApiOperation({ summary: 'Change the salary bank account' })
  async bank(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'ChangeBankAccount', nip: nipParam(nip), ...parseInput(ChangeBankAccountBody, body), by: actor, now: now() }, h);
  }

  private async run(cmd: EmployeeCommand, h: Hdrs) {
    return commandAnswer(await this.people.employeeCommand(cmd, requestContext(h)));
  }
}
