import { Controller, createParamDecorator, ExecutionContext, Get, Ip, Param, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month, OpdId } from '@kinerja/domain/shared';
import { GetRekapDocument, GetSlipDocument, ReadContext, ThrottleVerification, VerifyRekap } from '@kinerja/application';
import { parseInput, RekapQuery } from '@kinerja/contracts';
import { rekapPdf, rekapXlsx, slipPdf } from '@kinerja/documents';
import { CurrentActor, Public } from '../auth.guard';
import { MonthPipe, NipPipe, OpdIdPipe, Read } from '../http';

// The documents of issue 16: the rekap TPP of a run (PDF, .xlsx), an employee's slip TPP (PDF), and
// the public verification of a rekap's QR code. Each method sends one query and renders its answer
// at the edge with the renderers of libs/documents.

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `https://host`: where the request came to (the verification URL's base when KINERJA_PUBLIC_URL is unset). */
const Origin = createParamDecorator((_: unknown, host: ExecutionContext): string => {
  const req = host.switchToHttp().getRequest<Request>();
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
});

const file = (bytes: Buffer, type: string, name: string) =>
  new StreamableFile(bytes, { type, disposition: `attachment; filename="${name}"` });

@ApiTags('documents')
@Controller('api/v1')
export class DocumentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('payroll/opds/:opdId/runs/:month/rekap.pdf')
  @ApiProduces(PDF)
  @ApiOperation({
    summary:
      'The rekap TPP of a calculated run as a PDF in the shape of a Perkada appendix (landscape A4, or F4 with ?paper=F4): one row per employee, totals, the signatures of its steps, its digest and a QR code to the public verification (payroll.view)',
  })
  async rekapPdf(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Origin() origin: string,
    @Query() query: unknown,
  ) {
    const { paper } = parseInput(RekapQuery, query);
    const input = await this.queries.execute(new GetRekapDocument(opdId, month, actor, origin));
    return file(await rekapPdf({ ...input, pageSize: paper }), PDF, `rekap-tpp-${opdId}-${month}.pdf`);
  }

  @Get('payroll/opds/:opdId/runs/:month/rekap.xlsx')
  @ApiProduces(XLSX)
  @ApiOperation({
    summary:
      'The rekap TPP and the run’s lines as an .xlsx: number cells, SUM formulas for the totals; a sheet Rekap and a sheet Baris (payroll.view)',
  })
  async rekapXlsx(
    @CurrentActor() actor: Actor,
    @Param('opdId', OpdIdPipe) opdId: OpdId,
    @Param('month', MonthPipe) month: Month,
    @Origin() origin: string,
  ) {
    const input = await this.queries.execute(new GetRekapDocument(opdId, month, actor, origin));
    return file(await rekapXlsx(input), XLSX, `rekap-tpp-${opdId}-${month}.xlsx`);
  }

  @Get('employees/:nip/pay/:month/slip.pdf')
  @ApiProduces(PDF)
  @ApiOperation({
    summary:
      'The slip TPP of an employee and month as a PDF: each line, its amounts and explanation, the net (pay.view: the employee themself)',
  })
  async slip(
    @CurrentActor() actor: Actor,
    @Param('nip', NipPipe) nip: Nip,
    @Param('month', MonthPipe) month: Month,
    @Read() read: ReadContext,
  ) {
    const input = await this.queries.execute(new GetSlipDocument(nip, month, actor, read));
    return file(await slipPdf(input), PDF, `slip-tpp-${nip}-${month}.pdf`);
  }
}

/** The public side: no account, rate-limited per client address. */
@ApiTags('public')
@Controller('api/v1/public/verification')
export class PublicVerificationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':code')
  @ApiOperation({
    summary:
      'What a rekap’s verification code names: VALID (the run’s current calculation), SUPERSEDED or RETURNED, with the OPD, month, line count, total net, status and disbursement date; no personal data. 404 VERIFICATION_NOT_FOUND, 429 RATE_LIMITED',
  })
  async verify(@Param('code') code: string, @Ip() ip: string) {
    await this.commands.execute(new ThrottleVerification(ip ?? 'unknown'));
    return this.queries.execute(new VerifyRekap(code));
  }
}
