import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { repoPath } from '@kinerja/kernel/paths';

/** Where `npm run build` puts the console (apps/console/vite.config.ts). */
export const CONSOLE_DIST = repoPath('apps', 'console', 'dist');

/** The origin of the identity provider's issuer, when it is a URL (an issuer may be any string: then no PKCE flow either). */
export function originOf(issuer: string | undefined): string[] {
  if (!issuer || !URL.canParse(issuer)) return [];
  const u = new URL(issuer);
  return u.protocol === 'https:' || u.protocol === 'http:' ? [u.origin] : [];
}

/** Paths that are the API's, never the console's: an unknown one stays a coded JSON 404. */
const NOT_CONSOLE = /^\/(api|docs|health|metrics)(\/|$)/;

/**
 * Serves the web console at `/`: its hashed assets for a year, and index.html (never cached, so a
 * new build reaches people at their next navigation) for every other GET that is not the API's,
 * since the console routes in the browser (a reload on /skp/2026 must open the console, not 404).
 * The page may talk only to this origin and to the identity provider (the PKCE token request).
 */
export function serveConsole(app: NestExpressApplication, options: { identityProvider?: string; dist?: string } = {}): void {
  const dist = options.dist ?? CONSOLE_DIST;
  const index = join(dist, 'index.html');
  const connect = ["'self'", ...originOf(options.identityProvider)].join(' ');
  const csp = [
    "default-src 'self'",
    `connect-src ${connect}`,
    "img-src 'self' data: blob:",
    // Mantine sets styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  app.useStaticAssets(join(dist, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false, fallthrough: false });
  let page: string | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('html');
      return res.send(
        '<!doctype html><html lang="id"><meta charset="utf-8"><title>kinerja</title>' +
          '<p>Konsol belum dibangun. Jalankan <code>npm run build</code> (npm start membangunnya sendiri).</p>' +
          '<p>The console is not built: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p></html>',
      );
    }
    // Read once: the build does not change under a running server (npm start rebuilds before it starts).
    page ??= readFileSync(index, 'utf8');
    res.type('html').send(page);
  });
}
