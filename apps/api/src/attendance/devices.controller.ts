import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { GetAttendanceDevice, ListAttendanceDevices, RequestContext, SetAttendanceDevice } from '@kinerja/application';
import { DevicePageQuery, DevicePinsBody, DevicesQuery, parseInput } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { CommandDoc, Ctx } from '../http';

/** The attendance machines of an OPD and their PIN-to-NIP maps. */
@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/v1/attendance/devices')
export class DevicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The registered attendance devices (?opdId=: of one OPD; all of them for admin_kepegawaian)' })
  list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.queries.execute(new ListAttendanceDevices(parseInput(DevicesQuery, query).opdId, actor));
  }

  @Get(':deviceId')
  @ApiOperation({ summary: 'A device, its OPD and its PIN-to-NIP map, paged by PIN (admin_opd of its OPD, admin_kepegawaian)' })
  get(@CurrentActor() actor: Actor, @Param('deviceId') deviceId: string, @Query() query: unknown) {
    return this.queries.execute(new GetAttendanceDevice(deviceId, parseInput(DevicePageQuery, query), actor));
  }

  @Post(':deviceId')
  @HttpCode(200)
  @CommandDoc(DevicePinsBody)
  @ApiOperation({
    summary:
      'Register an attendance device of an OPD with its PIN-to-NIP map, or replace the map (the answer lists what changed); every bad row, unknown NIP or NIP twice: PIN_MAP_HAS_ERRORS',
  })
  async set(@CurrentActor() actor: Actor, @Param('deviceId') deviceId: string, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    return this.commands.execute(new SetAttendanceDevice(deviceId, parseInput(DevicePinsBody, body), actor, ctx));
  }
}
