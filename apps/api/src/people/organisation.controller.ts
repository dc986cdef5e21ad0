import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { AssignPositionHolder, ChangeOrganisation, GetOrgChart, GetPosition, RequestContext } from '@kinerja/application';
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
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, optionalDate } from '../http';

/** The org structure: units, positions and who holds them. Parse, send, map. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('org-chart')
  @ApiOperation({ summary: 'The org chart as it stood on a date (units, positions, holders incl. Plt), from the read model' })
  chart(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const q = parseInput(OrgChartQueryParams, query);
    return this.queries.execute(new GetOrgChart(optionalDate(q.date), q.opd, actor, q.asOf));
  }

  @Get('positions/:positionId')
  @ApiOperation({ summary: 'A position as it stood on a date, with its holders' })
  position(@CurrentActor() actor: Actor, @Param('positionId') positionId: string, @Query() query: Record<string, string>) {
    return this.queries.execute(new GetPosition(positionId, optionalDate(parseInput(DateQueryParams, query).date), actor));
  }

  @Post('org-units')
  @HttpCode(201)
  @CommandDoc(CreateOrgUnitBody)
  @ApiOperation({ summary: 'Create an OPD (no parent, with budget code) or a unit inside one' })
  createUnit(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'CreateOrgUnit', ...parseInput(CreateOrgUnitBody, body) }, actor, ctx);
  }

  @Post('org-units/:unitId/move')
  @HttpCode(201)
  @CommandDoc(MoveOrgUnitBody)
  @ApiOperation({ summary: 'Move a unit under another parent from an effective date' })
  moveUnit(@CurrentActor() actor: Actor, @Param('unitId') unitId: string, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'MoveOrgUnit', unitId, ...parseInput(MoveOrgUnitBody, body) }, actor, ctx);
  }

  @Post('positions')
  @HttpCode(201)
  @CommandDoc(CreatePositionBody)
  @ApiOperation({ summary: 'Create a position (jabatan) with its kelas jabatan, seats and atasan position' })
  createPosition(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'CreatePosition', ...parseInput(CreatePositionBody, body) }, actor, ctx);
  }

  @Post('positions/:positionId/move')
  @HttpCode(201)
  @CommandDoc(MovePositionBody)
  @ApiOperation({ summary: 'Move a position to another unit and/or under another atasan position' })
  movePosition(@CurrentActor() actor: Actor, @Param('positionId') positionId: string, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'MovePosition', positionId, ...parseInput(MovePositionBody, body) }, actor, ctx);
  }

  @Post('assignments')
  @HttpCode(201)
  @CommandDoc(AssignHolderBody)
  @ApiOperation({ summary: 'Place a person in a position from a date, definitively or as Plt (acting)' })
  async assign(@CurrentActor() actor: Actor, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const { assignmentId, ...answer } = await this.commands.execute(
      new AssignPositionHolder(parseInput(AssignHolderBody, body), actor, ctx),
    );
    return { ...commandAnswer(answer), assignmentId };
  }

  @Post('assignments/:assignmentId/end')
  @HttpCode(201)
  @CommandDoc(EndAssignmentBody)
  @ApiOperation({ summary: 'End an assignment: validUntil is the first day no longer held' })
  end(@CurrentActor() actor: Actor, @Param('assignmentId') assignmentId: string, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.change({ type: 'EndAssignment', assignmentId, ...parseInput(EndAssignmentBody, body) }, actor, ctx);
  }

  private async change(change: ChangeOrganisation['change'], actor: Actor, ctx: RequestContext) {
    return commandAnswer(await this.commands.execute(new ChangeOrganisation(change, actor, ctx)));
  }
}
