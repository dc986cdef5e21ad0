import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor, Nip } from '@kinerja/kernel';
import {
  ChangeEmployee,
  GetAccessLog,
  GetEmployee,
  GetEmployeeHistory,
  GetSupervisors,
  employeeFileTooLarge,
  ImportEmployees,
  PrepareEmployeeUpload,
  ReadContext,
  RequestContext,
  SearchEmployees,
  UploadEmployeeImport,
} from '@kinerja/application';
import {
  ChangeBankAccountBody,
  ChangeEmploymentStateBody,
  ChangePositionBody,
  ChangeSalaryBody,
  ChangeTaxCategoryBody,
  AccessLogQuery,
  checkpointOfCursor,
  cursorOf,
  DateQueryParams,
  DirectoryQueryParams,
  EmployeeHistoryQueryParams,
  EmployeeQueryParams,
  ImportEmployeesBody,
  ImportEmployeesFileQuery,
  parseInput,
  RegisterEmployeeBody,
  TransferOrgUnitBody,
} from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, countedBody, Ctx, multipartField, NipPipe, optionalDate, Read, releaseAfterAnswer } from '../http';

/** The employee register. Each method parses, sends one command or query, and maps the answer. */
@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/employees')
export class EmployeesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The employee directory: search by name or NIP, paginated; only the employees the caller may see' })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const q = parseInput(DirectoryQueryParams, query);
    return this.queries.execute(new SearchEmployees({ q: q.q, opdId: q.opd, page: q.page, pageSize: q.pageSize }, actor));
  }

  @Get(':nip/access-log')
  @ApiOperation({
    summary:
      'Who read this employee’s record, pay or appraisal through a role (the inspectorate, finance, BKPSDM), newest first: the employee and the inspectorate',
  })
  async accessLog(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query() query: Record<string, string>) {
    const q = parseInput(AccessLogQuery, query);
    const r = await this.queries.execute(
      new GetAccessLog(nip, { ...(q.cursor ? { cursor: checkpointOfCursor(q.cursor) } : {}), limit: Number(q.limit ?? 100) }, actor),
    );
    return { ...r, page: { ...r.page, next: cursorOf(r.page.next) } };
  }

  @Get(':nip')
  @ApiOperation({
    summary:
      'An employee record as of a date; salary only to the employee, the finance roles of the OPD and the inspectorate; bank account masked otherwise',
  })
  get(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query() query: Record<string, string>, @Read() read: ReadContext) {
    const q = parseInput(EmployeeQueryParams, query);
    return this.queries.execute(new GetEmployee(nip, optionalDate(q.date), actor, read, q.asOf));
  }

  @Get(':nip/history')
  @ApiOperation({
    summary:
      'Every change of an employee record (registration, position, OPD, state, salary, tax category, bank account), newest effective date first; salary and the full account as for the record',
  })
  history(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Query() query: Record<string, string>,
    @Read() read: ReadContext,
  ) {
    const { page, pageSize } = parseInput(EmployeeHistoryQueryParams, query);
    return this.queries.execute(new GetEmployeeHistory(nip, { page, pageSize }, actor, read));
  }

  @Get(':nip/supervisor')
  @ApiOperation({ summary: 'Atasan langsung (pejabat penilai kinerja) of the employee on a date, and the atasan pejabat penilai' })
  supervisor(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query() query: Record<string, string>) {
    return this.queries.execute(new GetSupervisors(nip, optionalDate(parseInput(DateQueryParams, query).date), actor));
  }

  @Get(':nip/rater-supervisor')
  @ApiOperation({ summary: 'Atasan pejabat penilai (the rater’s own supervisor, who decides objections) on a date' })
  async raterSupervisor(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Query() query: Record<string, string>) {
    const r = await this.supervisor(actor, nip, query);
    return { nip: r.nip, date: r.date, rater: r.supervisor, raterSupervisor: r.raterSupervisor };
  }

  @Post()
  @HttpCode(201)
  @CommandDoc(RegisterEmployeeBody)
  @ApiOperation({ summary: 'Register an employee (admin_kepegawaian)' })
  register(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'RegisterEmployee', ...parseInput(RegisterEmployeeBody, body) }, actor, ctx);
  }

  @Post('import')
  @CommandDoc(ImportEmployeesBody)
  @ApiOperation({
    summary:
      'Import a SIASN export (CSV text, IMPORT.md columns); all or nothing; dryRun checks only. 422 IMPORT_REJECTED lists every bad row',
  })
  async import(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const r = await this.commands.execute(new ImportEmployees(parseInput(ImportEmployeesBody, body), actor));
    // A dry run created nothing.
    res.status(r.ok && r.dryRun ? 200 : 201);
    return r;
  }

  @Post('import/file')
  @HttpCode(202)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string' }, description: 'the SIASN export itself (text/csv), or a form with it in the field "file"' })
  @ApiOperation({
    summary:
      'Import a SIASN export sent as the file (up to 100,000 rows) in a background job; follow it at /api/v1/jobs/{id}. ?dryRun=true checks only. Refused before the job: IMPORT_FILE_TOO_LARGE / IMPORT_TOO_MANY_ROWS (413, counted as it arrives), IMPORT_REJECTED (422, a NUL or bytes that are not UTF-8, with line and column)',
  })
  async importFile(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Req() req: Request,
    @Headers() h: Record<string, string | undefined>,
  ) {
    try {
      const q = parseInput(ImportEmployeesFileQuery, query);
      const type = h['content-type'] ?? '';
      const declared = h['content-length'] !== undefined && /^\d+$/.test(h['content-length']) ? Number(h['content-length']) : undefined;
      // Who may import, the type and the declared size are checked before a byte is read.
      const { maxBytes } = await this.queries.execute(new PrepareEmployeeUpload(type, declared, actor));
      const body = countedBody(req, maxBytes, employeeFileTooLarge);
      const chunks = /^multipart\/form-data/i.test(type) ? multipartField(body, type) : body;
      return await this.commands.execute(
        new UploadEmployeeImport({ chunks, dryRun: q.dryRun === 'true', ...(q.reason ? { reason: q.reason } : {}) }, actor),
      );
    } catch (e) {
      releaseAfterAnswer(req);
      throw e;
    }
  }

  @Post(':nip/position')
  @HttpCode(201)
  @CommandDoc(ChangePositionBody)
  @ApiOperation({ summary: 'Change position and kelas jabatan from an effective date' })
  position(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'ChangePosition', nip, ...parseInput(ChangePositionBody, body) }, actor, ctx);
  }

  @Post(':nip/org-unit')
  @HttpCode(201)
  @CommandDoc(TransferOrgUnitBody)
  @ApiOperation({ summary: 'Transfer to another OPD (the one paying the TPP) from an effective date' })
  transfer(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'TransferOrgUnit', nip, ...parseInput(TransferOrgUnitBody, body) }, actor, ctx);
  }

  @Post(':nip/employment-state')
  @HttpCode(201)
  @CommandDoc(ChangeEmploymentStateBody)
  @ApiOperation({ summary: 'Active, on leave or retired, from an effective date' })
  state(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'ChangeEmploymentState', nip, ...parseInput(ChangeEmploymentStateBody, body) }, actor, ctx);
  }

  @Post(':nip/salary')
  @HttpCode(201)
  @CommandDoc(ChangeSalaryBody)
  @ApiOperation({ summary: 'Change salary base and gross (admin_kepegawaian, bendahara of the OPD)' })
  salary(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'ChangeSalary', nip, ...parseInput(ChangeSalaryBody, body) }, actor, ctx);
  }

  @Post(':nip/tax-category')
  @HttpCode(201)
  @CommandDoc(ChangeTaxCategoryBody)
  @ApiOperation({ summary: 'Change PTKP status and TER category' })
  tax(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'ChangeTaxCategory', nip, ...parseInput(ChangeTaxCategoryBody, body) }, actor, ctx);
  }

  @Post(':nip/bank-account')
  @HttpCode(201)
  @CommandDoc(ChangeBankAccountBody)
  @ApiOperation({ summary: 'Change the salary bank account' })
  bank(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'ChangeBankAccount', nip, ...parseInput(ChangeBankAccountBody, body) }, actor, ctx);
  }

  private async change(change: ChangeEmployee['change'], actor: Actor, ctx: RequestContext) {
    return commandAnswer(await this.commands.execute(new ChangeEmployee(change, actor, ctx)));
  }
}
