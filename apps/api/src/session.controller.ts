import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kinerja/kernel';
import { GetMe, GetSignInOptions, SignInAsDemoUser } from '@kinerja/application';
import { DemoSignInBody, parseInput } from '@kinerja/contracts';
import { CurrentActor, Public } from './auth.guard';

/** How the console signs a person in, and who the signed-in person is. Parse, send, map. */
@ApiTags('session')
@Controller('api/v1')
export class SessionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get('session')
  @ApiOperation({
    summary: 'How to sign in here: development tokens (with the demo users on the demo Pemda) or the identity provider (OIDC, PKCE)',
  })
  options() {
    return this.queries.execute(new GetSignInOptions());
  }

  @Public()
  @Post('session/demo')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as a demo user (development tokens on the demo Pemda only; 404 DEMO_SIGN_IN_DISABLED otherwise)' })
  demo(@Body() body: unknown) {
    return this.commands.execute(new SignInAsDemoUser(parseInput(DemoSignInBody, body).username));
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in person: roles, today’s post, supervisor and direct reports' })
  me(@CurrentActor() actor: Actor) {
    return this.queries.execute(new GetMe(actor));
  }
}
