import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@kinerja/kernel';
import { GetAuditSealFile, GetSealKey, ListAuditSeals } from '@kinerja/application';
import { parseInput, SealNumberParam } from '@kinerja/contracts';
import { CurrentActor, Public } from './auth.guard';

/** Audit seals: the list and each seal's signed file (the inspectorate), and the public key that checks them (anyone). */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditSealController {
  constructor(private readonly queries: QueryBus) {}

  @Get('seals')
  @ApiOperation({ summary: 'Every seal of the log: Merkle root over every stream head, time, count (the inspectorate)' })
  list(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListAuditSeals(actor));
  }

  @Get('seals/:seal/file')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'One seal as its signed text file, for an outsider to keep (the inspectorate)' })
  async file(@CurrentActor() actor: Actor, @Param() params: Record<string, string>, @Res({ passthrough: true }) res: Response) {
    const r = await this.queries.execute(new GetAuditSealFile(Number(parseInput(SealNumberParam, params).seal), actor));
    res.setHeader('content-disposition', `attachment; filename="${r.fileName}"`);
    return r.text;
  }

  @Public()
  @Get('seal-key')
  @ApiOperation({ summary: "The Pemda's public key that checks the seals (Ed25519, PEM) and its fingerprint: published, no token" })
  key() {
    return this.queries.execute(new GetSealKey());
  }
}
