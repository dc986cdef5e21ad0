/**
 * The stack's floor, for `npm run bench -- load`: what a read costs on this machine before any of
 * kinerja's work. A NestJS application with one route that reads one employee of the directory by
 * primary key through a `pg` pool, named statement, no token, no validation, no access log, on
 * either HTTP adapter: Express, the one kinerja uses (bodyParser on, as apps/api/src/main.ts creates
 * it), or Fastify (@nestjs/platform-fastify, a devDependency for this comparison only):
 *
 *   node -r @swc-node/register bench/load/floor.ts <express|fastify> <port> <database url>
 *
 * The bench drives it with the same wrk, connections and seconds as kinerja's reads, on the same
 * database, so the table shows how far the read goal is from what the framework alone does here.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Pool } from 'pg';

const [adapter, port, url] = process.argv.slice(2);
// kinerja's own pool default (KINERJA_DATABASE_POOL_MAX).
const pool = new Pool({ connectionString: url, max: 20 });

@Controller('floor')
class FloorController {
  @Get(':nip')
  async employee(@Param('nip') nip: string): Promise<unknown> {
    const { rows } = await pool.query({
      name: 'floor',
      text: 'SELECT nip, name, opd_id, position_id FROM employee_directory WHERE nip = $1',
      values: [nip],
    });
    return rows[0] ?? null;
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

void (async () => {
  const options = { logger: false as const, bodyParser: true };
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(FloorModule, new FastifyAdapter(), options)
      : await NestFactory.create(FloorModule, options);
  process.on('SIGTERM', () => void app.close().then(() => pool.end()));
  await app.listen(Number(port), '127.0.0.1');
})();
