import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, badInput } from '@kinerja/kernel';
import { parseMonthPeriod, parseNip } from '@kinerja/domain/shared';
import { PeopleService, RealisationRequest, RealisationService } from '@kinerja/application';
import { EVIDENCE_CONTENT_TYPES, evidenceTooLarge } from '@kinerja/domain/evidence';
import { AnswerRealisationBody, parseInput, RecordRealisationBody } from '@kinerja/contracts';
import { realisationsOf } from '@kinerja/projections';
import type { Runtime } from '@kinerja/platform';
import { CurrentActor } from '../auth.guard';
import { RUNTIME } from '../runtime.token';
import { commandAnswer, CommandDoc, requestContext } from '../http';
import { now } from '../http/unconverted';

type Hdrs = Record<string, string | undefined>;

/** How long a refused upload's connection keeps draining what the client still sends before it is closed. */
const LINGER_MS = 2000;

/**
 * Reads the raw body, keeping at most `max` bytes. One byte past the limit it refuses at once
 * (EVIDENCE_TOO_LARGE) and keeps nothing more; the caller then answers and lets go of the connection.
 */
function readBody(req: Request, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      chunks.length = 0;
      req.off('data', onData);
      reject(evidenceTooLarge(size, max));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => req.complete || reject(badInput('UPLOAD_ABORTED', 'the upload ended before its last byte')));
    req.on('error', reject);
  });
}

/**
 * An upload refused before its last byte: the client may still be sending (a chunked upload has
 * no Content-Length to refuse up front). Closing the socket at once resets the connection under
 * the unread bytes and the client never sees the 413; reading it all costs whatever the client
 * chooses to send. So: the answer goes out, then the connection is half-closed (the client sees
 * the answer complete and stops) and what is still in flight is dropped for a short while, then
 * the socket is closed for good.
 */
function releaseAfterAnswer(req: Request): void {
  if (req.complete) return;
  req.on('data', () => undefined);
  req.resume();
  req.res?.once('finish', () => {
    const socket = req.socket;
    socket.end();
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  });
}

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1')
export class RealisationsController {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    @Inject(PeopleService) private readonly people: PeopleService,
    @Inject(RealisationService) private readonly realisation: RealisationService,
  ) {}

  @Post('evidence')
  @HttpCode(201)
  @ApiConsumes(...EVIDENCE_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'the file itself, with its Content-Type (PDF, PNG, JPEG, DOCX, XLSX)' })
  @ApiOperation({ summary: 'Upload an evidence file (bukti dukung); stored by its sha256. Too large: EVIDENCE_TOO_LARGE (413); other types: EVIDENCE_TYPE_REFUSED (400); bytes that are not the declared type: EVIDENCE_CONTENT_MISMATCH (422)' })
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Headers() h: Hdrs) {
    const at = now();
    let bytes: Buffer;
    try {
      await this.realisation.authorizeUpload(actor, at);
      const declared = h['content-length'] !== undefined && /^\d+$/.test(h['content-length']) ? Number(h['content-length']) : undefined;
      this.realisation.precheck(h['content-type'], declared);
      bytes = await readBody(req, this.realisation.maxBytes);
    } catch (e) {
      releaseAfterAnswer(req);
      throw e;
    }
    return this.realisation.upload(bytes, h['content-type'], actor, at, requestContext(h));
  }

  @Get('evidence/:sha256')
  @ApiOperation({ summary: 'Download an evidence file (the uploader, their supervisors, BKPSDM, the inspectorate); a file changed in the store is refused with EVIDENCE_TAMPERED' })
  async download(@CurrentActor() actor: Actor, @Param('sha256') sha256: string, @Res() res: Response) {
    const file = await this.realisation.download(sha256, actor, now());
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
  async list(@CurrentActor() actor: Actor, @Param('nip') nipText: string, @Param('period') periodText: string) {
    const nip = parseNip(nipText);
    const period = parseMonthPeriod(periodText);
    await this.people.authorize(actor, 'realisation.view', { kind: 'employee', nip }, now());
    return { nip, period, realisations: await realisationsOf(this.rt.db.pool, nip, period) };
  }

  @Post('realisations/:nip/:period')
  @HttpCode(201)
  @CommandDoc(RecordRealisationBody)
  @ApiOperation({ summary: 'Record one’s own realisation of an indicator (IKI) of the approved plan for a month, with evidence files (by sha256) or links' })
  async record(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('period') period: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(RecordRealisationBody, body);
    return this.run({ type: 'RecordRealisation', nip: parseNip(nip), period: parseMonthPeriod(period), ...b, by: actor, now: now() }, h);
  }

  @Post('realisations/:nip/:period/:indicatorId/answer')
  @HttpCode(201)
  @CommandDoc(AnswerRealisationBody)
  @ApiOperation({ summary: 'Answer a subordinate’s realisation: ACKNOWLEDGED, NOTE or NEEDS_REVISION (the supervisor)' })
  async answer(@CurrentActor() actor: Actor, @Param('nip') nip: string, @Param('period') period: string, @Param('indicatorId') indicatorId: string, @Body() body: unknown, @Headers() h: Hdrs) {
    const b = parseInput(AnswerRealisationBody, body);
    return this.run({ type: 'AnswerRealisation', nip: parseNip(nip), period: parseMonthPeriod(period), indicatorId, ...b, by: actor, now: now() }, h);
  }

  private async run(cmd: RealisationRequest, h: Hdrs) {
    return commandAnswer(await this.realisation.command(cmd, requestContext(h)));
  }
}
