import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '@kinerja/kernel';
import type { Month } from '@kinerja/domain/shared';
import { GetScanImports, ImportScanFile, PrepareScanImport, scanFileTooLarge } from '@kinerja/application';
import { parseInput, ScanImportQuery, ScanImportsQuery } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { MonthPipe, readBody, releaseAfterAnswer, requestContext } from '../http';

type Hdrs = Record<string, string | undefined>;

/** A month's scan log from the attendance machines: uploaded as the file itself, checked, compared, imported. */
@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/v1/attendance')
export class ScansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('scans/:month')
  @HttpCode(200)
  @ApiConsumes('text/plain', 'text/csv')
  @ApiBody({
    schema: { type: 'string' },
    description: 'the scan file itself: a ZKTeco attendance log, or the CSV nip|pin,timestamp,device',
  })
  @ApiOperation({
    summary:
      'Import a month’s scans (admin_opd of every device’s OPD, or admin_kepegawaian): ?format=zkteco&device=ID or ?format=csv, ?dryRun=true to check and compare only, ?correction=why for a file that drops recorded scans. Every bad line: SCAN_IMPORT_HAS_ERRORS; dropped scans without a correction: SCANS_WOULD_BE_REMOVED; too large (counted as it arrives): SCAN_FILE_TOO_LARGE (413)',
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('month', MonthPipe) month: Month,
    @Query() query: unknown,
    @Req() req: Request,
    @Headers() h: Hdrs,
  ) {
    let bytes: Buffer;
    let q: ReturnType<typeof ScanImportQuery.parse>;
    try {
      q = parseInput(ScanImportQuery, query);
      const declared = h['content-length'] !== undefined && /^\d+$/.test(h['content-length']) ? Number(h['content-length']) : undefined;
      // Who may import, the type and the declared size are checked before a byte is read.
      const { maxBytes } = await this.queries.execute(new PrepareScanImport(h['content-type'], declared, q.format, q.device, actor));
      bytes = await readBody(req, maxBytes, scanFileTooLarge);
    } catch (e) {
      releaseAfterAnswer(req);
      throw e;
    }
    const file = {
      format: q.format,
      ...(q.device !== undefined ? { device: q.device } : {}),
      content: bytes,
      dryRun: q.dryRun === 'true',
      ...(q.correction !== undefined ? { correction: { reason: q.correction } } : {}),
    };
    return this.commands.execute(new ImportScanFile(month, file, actor, requestContext(h)));
  }

  @Get('scans/:month/imports')
  @ApiOperation({ summary: 'The scan imports of a month, newest first: what each file added and withdrew, who and why (?opdId=, paged)' })
  imports(@CurrentActor() actor: Actor, @Param('month', MonthPipe) month: Month, @Query() query: unknown) {
    const { opdId, limit, offset } = parseInput(ScanImportsQuery, query);
    return this.queries.execute(new GetScanImports(month, opdId, { limit, offset }, actor));
  }
}
