import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
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
 *
 * A guard, registered after the AuthGuard (api.module.ts: a caller without a token is told that
 * first), not an interceptor, as it was: Nest wraps every request of a route with an interceptor in
 * rxjs observables and two AsyncResource bindings, 2–3% of the API's busy samples in the load bench for
 * a check that only looks at the request and either passes or throws.
 */
@Injectable()
export class TextGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      const problem =
        findTextProblem(req.params, 'params', { multiline: false }) ??
        findTextProblem(req.query, 'query', { multiline: false }) ??
        findTextProblem(req.body, 'body', { multiline: true });
      if (problem) throw badInput('INVALID_TEXT', WHY[problem.reason], { ...problem });
    }
    return true;
  }
}
