import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader } from '@nestjs/swagger';
import { z } from 'zod';
import { badInput, Instant, Nip, nipProblem } from '@kinerja/kernel';
import type { CommandResult, RequestContext } from '@kinerja/application';
import { assertLocalDate, LocalDate, localDateOf } from '@kinerja/domain/shared';

/** Idempotency-Key and If-Match, as every command takes them (DESIGN.md, "API"). */
export function requestContext(headers: Record<string, string | undefined>): RequestContext {
  const ctx: RequestContext = {};
  const key = headers['idempotency-key'];
  if (key !== undefined) {
    if (!/^[\w.:-]{1,200}$/.test(key)) throw badInput('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is 1-200 letters, digits or _.:-');
    ctx.idempotencyKey = key;
  }
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!m) throw badInput('INVALID_IF_MATCH', 'If-Match is the stream version the change is based on, e.g. "3"');
    ctx.expectedVersion = Number(m[1]);
  }
  if (headers['x-request-id']) ctx.requestId = headers['x-request-id'];
  if (headers['x-correlation-id']) ctx.correlationId = headers['x-correlation-id'];
  return ctx;
}

export const commandAnswer = (r: CommandResult<{ type: string }>) => ({
  streamId: r.streamId,
  version: r.version,
  events: r.events.map((e) => e.type),
  replayed: r.replayed,
});

export const now = (): Instant => new Date().toISOString();

export function nipParam(s: string): Nip {
  const p = nipProblem(s);
  if (p) throw badInput('INVALID_NIP', p.message, { reason: p.reason, nip: s });
  return s;
}

/** A date query parameter, or today on the Pemda's calendar. */
export function dateOrToday(date: string | undefined): LocalDate {
  if (date === undefined) return localDateOf(new Date());
  assertLocalDate(date, 'date');
  return date;
}

/** OpenAPI for a command: its body schema (from the zod contract) and the command headers. */
export function CommandDoc(schema: z.ZodType) {
  return applyDecorators(
    ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first answer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'the stream version the change is based on; 409 when it moved' }),
  );
}
