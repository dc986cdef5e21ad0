import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader } from '@nestjs/swagger';
import { z } from 'zod';
import type { CommandResult } from '@kinerja/application';

/** What every command answers: the stream, its new version and the events it appended (none when replayed). */
export const commandAnswer = (r: CommandResult<{ type: string }>) => ({
  streamId: r.streamId,
  version: r.version,
  events: r.events.map((e) => e.type),
  replayed: r.replayed,
});

/** OpenAPI for a command: its body schema (from the zod contract) and the command headers. */
export function CommandDoc(schema: z.ZodType) {
  return applyDecorators(
    ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first answer' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'the stream version the change is based on; 409 when it moved' }),
  );
}
