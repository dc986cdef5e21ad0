import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, KinerjaError } from '@kinerja/kernel';
import type { Runtime } from '@kinerja/platform';
import { RUNTIME } from './runtime.token';

export const PUBLIC = 'kinerja:public';
/** Marks a route that works without a token (/health, /docs, the public feedback link). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(RUNTIME) private readonly rt: Runtime,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    req.actor = await this.rt.auth.verify(req.headers.authorization);
    return true;
  }
}

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new KinerjaError('TOKEN_MISSING', 'send Authorization: Bearer <token>', 'UNAUTHENTICATED');
  return actor;
});
