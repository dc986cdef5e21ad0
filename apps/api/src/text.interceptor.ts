import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { badInput, findTextProblem, TextProblem } from '@kinerja/kernel';

const WHY: Record<TextProblem['reason'], string> = {
  LONE_SURROGATE: 'text must be well-formed Unicode: a lone UTF-16 surrogate is not a character',
  CONTROL_CHARACTER: 'text may not contain NUL or other control characters (tab and line breaks only in multi-line body text)',
};

/**
 * Refuses text kinerja cannot store or show (kernel/text.ts) in every path parameter, query
 * parameter and JSON body, once for all routes and before any handler runs: a lone surrogate or a
 * NUL would otherwise reach PostgreSQL and come back as a 500, perhaps after part of the work.
 */
@Injectable()
export class TextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler) {
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      const problem =
        findTextProblem(req.params, 'params', { multiline: false }) ??
        findTextProblem(req.query, 'query', { multiline: false }) ??
        findTextProblem(req.body, 'body', { multiline: true });
      if (problem) throw badInput('INVALID_TEXT', WHY[problem.reason], { ...problem });
    }
    return next.handle();
  }
}
