import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, deterministicId, newId, notFound } from '@kinerja/kernel';
import { PeopleService } from '@kinerja/application';
import { assignmentsOn, OrganisationCommand, OrgChartUnit, positionAsOf } from '@kinerja/domain/organisation';
import {
  AssignHolderBody,
  CreateOrgUnitBody,
  CreatePositionBody,
  EndAssignmentBody,
  MoveOrgUnitBody,
  MovePositionBody,
  OrgChartQueryParams,
  DateQueryParams,
  parseInput,
} from '@kinerja/contracts';
import { namesOf, orgChartFromReadModel } from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, dateOrToday, now, requestContext } from './http';

type Hdrs = Record<string, string | undefined>;

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganisationController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
  ) {}

  @Get('org-chart')
  @ApiOperation({ summary: 'The org chart as it stood on a date (units, positions, holders incl. Plt), from the read model' })
  async chart(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const q = parseInput(OrgChartQueryParams, query);
    const date = dateOrToday(q.date);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, now());
    const chart = await orgChartFromReadModel(this.rt.db.pool, date);
    const opds = q.opd ? chart.opds.filter((o) => o.unitId === q.opd) : chart.opds;
    const nips: string[] = [];
    const walk = (u: OrgChartUnit) => {
      for (const p of u.positions) for (const h of p.holders) nips.push(h.nip);
      u.children.forEach(walk);
    };
    opds.forEach(walk);
    const names = await namesOf(this.rt.db.pool, nips);
    const named = (u: OrgChartUnit): unknown => ({
      ...u,
      positions: u.positions.map((p) => ({ ...p, holders: p.holders.map((h) => ({ ...h, name: names.get(h.nip) ?? null })) })),
      children: u.children.map(named),
    });
    return { date, opds: opds.map(named) };
  }

  @Get('positions/:positionId')
  @ApiOperation({ summary: 'A position as it stood on a date, with its holders' })
  async position(@CurrentActor() actor: Actor, @Param('positionId') positionId: string, @Query() query: Record<string, string>) {
    const date = dateOrToday(parseInput(DateQueryParams, query).date);
    await this.people.authorize(actor, 'org.view', { kind: 'organisation' }, now());
    const h = await this.people.org.current();
    const p = positionAsOf(positionId, date, h);
    if (!p) throw notFound('UNKNOWN_POSITION', 'no such position on that date', { positionId, date });
    return { positionId, date, ...p, holders: assignmentsOn(positionId, date, h) };
  }

  @Post('org-units')
  @HttpCode(201)
  @CommandDoc(CreateOrgUnitBody)
  @ApiOperation({ summary: 'Create an OPD (no parent, with budget code) or a unit inside one' })
  async createUnit(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(CreateOrgUnitBody, body);
    return this.run({ type: 'CreateOrgUnit', ...b, by: actor, now: now() }, h);
  }

  @Post('org-units/:unitId/move')
  @HttpCode(201)
  @CommandDoc(MoveOrgUnitBody)
  @ApiOperation({ summary: 'Move a unit under another parent from an effective date' })
  async moveUnit(@CurrentActor() actor: Actor, @Param('unitId') unitId: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'MoveOrgUnit', unitId, ...parseInput(MoveOrgUnitBody, body), by: actor, now: now() }, h);
  }

  @Post('positions')
  @HttpCode(201)
  @CommandDoc(CreatePositionBody)
  @ApiOperation({ summary: 'Create a position (jabatan) with its kelas jabatan, seats and atasan position' })
  async createPosition(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'CreatePosition', ...parseInput(CreatePositionBody, body), by: actor, now: now() }, h);
  }

  @Post('positions/:positionId/move')
  @HttpCode(201)
  @CommandDoc(MovePositionBody)
  @ApiOperation({ summary: 'Move a position to another unit and/or under another atasan position' })
  async movePosition(@CurrentActor() actor: Actor, @Param('positionId') positionId: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'MovePosition', positionId, ...parseInput(MovePositionBody, body), by: actor, now: now() }, h);
  }

  @Post('assignments')
  @HttpCode(201)
  @CommandDoc(AssignHolderBody)
  @ApiOperation({ summary: 'Place a person in a position from a date, definitively or as Plt (acting)' })
  async assign(@CurrentActor() actor: Actor, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(AssignHolderBody, body);
    const ctx = requestContext(h);
    const assignmentId = b.assignmentId ?? (ctx.idempotencyKey ? deterministicId('assignment', ctx.idempotencyKey) : newId());
    const answer = await this.run({ type: 'AssignHolder', ...b, assignmentId, by: actor, now: now() }, h);
    return { ...answer, assignmentId };
  }

  @Post('assignments/:assignmentId/end')
  @HttpCode(201)
  @CommandDoc(EndAssignmentBody)
  @ApiOperation({ summary: 'End an assignment: validUntil is the first day no longer held' })
  async end(@CurrentActor() actor: Actor, @Param('assignmentId') assignmentId: string, @Body() body: unknown, @Headers() h: Hdrs) {
    return this.run({ type: 'EndAssignment', assignmentId, ...parseInput(EndAssignmentBody, body), by: actor, now: now() }, h);
  }

  private async run(cmd: OrganisationCommand, h: Hdrs) {
    return commandAnswer(await this.people.organisationCommand(cmd, requestContext(h)));
  }
}
