import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month } from '@kinerja/domain/shared';
import {
  AnswerRealisation,
  GetEvidenceFile,
  GetRealisations,
  PrepareEvidenceUpload,
  RecordRealisation,
  RequestContext,
  UploadEvidence,
} from '@kinerja/application';
import { EVIDENCE_CONTENT_TYPES } from '@kinerja/domain/evidence';
import { AnswerRealisationBody, parseInput, RecordRealisationBody } from '@kinerja/contracts';
import { CurrentActor } from '../auth.guard';
import { commandAnswer, CommandDoc, Ctx, MonthPeriodPipe, NipPipe, readBody, releaseAfterAnswer, requestContext } from '../http';

type Hdrs = Record<string, string | undefined>;

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class RealisationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('evidence')
  @HttpCode(201)
  @ApiConsumes(...EVIDENCE_CONTENT_TYPES)
  @ApiBody({
    schema: { type: 'string', format: 'binary' },
    description: 'the file itself, with its Content-Type (PDF, PNG, JPEG, DOCX, XLSX)',
  })
  @ApiOperation({
    summary:
      'Upload an evidence file (bukti dukung); stored by its sha256. Too large: EVIDENCE_TOO_LARGE (413); other types: EVIDENCE_TYPE_REFUSED (400); bytes that are not the declared type: EVIDENCE_CONTENT_MISMATCH (422)',
  })
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Headers() h: Hdrs) {
    let bytes: Buffer;
    try {
      const declared = h['content-length'] !== undefined && /^\d+$/.test(h['content-length']) ? Number(h['content-length']) : undefined;
      // Who may upload, the type and the declared size are checked before a byte is read.
      const { maxBytes } = await this.queries.execute(new PrepareEvidenceUpload(h['content-type'], declared, actor));
      bytes = await readBody(req, maxBytes);
    } catch (e) {
      releaseAfterAnswer(req);
      throw e;
    }
    // The command headers are read after the body, so a refused upload answers with its own refusal first.
    return this.commands.execute(new UploadEvidence(bytes, h['content-type'], actor, requestContext(h)));
  }

  @Get('evidence/:sha256')
  @ApiOperation({
    summary:
      'Download an evidence file (the uploader, their supervisors, BKPSDM, the inspectorate); a file changed in the store is refused with EVIDENCE_TAMPERED',
  })
  async download(@CurrentActor() actor: Actor, @Param('sha256') sha256: string, @Res() res: Response) {
    const file = await this.queries.execute(new GetEvidenceFile(sha256, actor));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-SHA256', sha256);
    res.setHeader('ETag', `"${sha256}"`);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `attachment; filename="${sha256}"`);
    res.status(200).end(file.bytes);
  }

  @Get('realisations/:nip/:period')
  @ApiOperation({ summary: 'An employee’s realisation per indicator for a month, with evidence and the supervisor’s answers (read model)' })
  list(@CurrentActor() actor: Actor, @Param('nip', NipPipe) nip: Nip, @Param('period', MonthPeriodPipe) period: Month) {
    return this.queries.execute(new GetRealisations(nip, period, actor));
  }

  @Post('realisations/:nip/:period')
  @HttpCode(201)
  @CommandDoc(RecordRealisationBody)
  @ApiOperation({
    summary:
      'Record one’s own realisation of an indicator (IKI) of the approved plan for a month, with evidence files (by sha256) or links',
  })
  async record(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', MonthPeriodPipe) period: Month,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new RecordRealisation(nip, period, parseInput(RecordRealisationBody, body), actor, ctx)),
    );
  }

  @Post('realisations/:nip/:period/:indicatorId/answer')
  @HttpCode(201)
  @CommandDoc(AnswerRealisationBody)
  @ApiOperation({ summary: 'Answer a subordinate’s realisation: ACKNOWLEDGED, NOTE or NEEDS_REVISION (the supervisor)' })
  async answer(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('period', MonthPeriodPipe) period: Month,
    @Param('indicatorId') indicatorId: string,
    @Body() body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return commandAnswer(
      await this.commands.execute(new AnswerRealisation(nip, period, indicatorId, parseInput(AnswerRealisationBody, body), actor, ctx)),
    );
  }
}
