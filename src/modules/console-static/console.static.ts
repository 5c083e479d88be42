import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../../config/config';

export const CONSOLE_PATH = '/console';

/**
 * Stricter than helmet's default: no inline styles, nothing from other
 * origins. The console talks only to this API (and its identity provider's
 * discovery and token endpoints) and plays audio from this API.
 */
function consoleCsp(issuerOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self'${issuerOrigin ? ` ${issuerOrigin}` : ''}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What the console needs before anyone signs in: where to sign in and how to read the role and tenant. */
export interface ConsoleSettings {
  /** The OpenID provider; the development issuer is this origin's /dev-oidc. */
  issuer: string;
  clientId: string;
  scope: string;
  tokenSignIn: boolean;
  roleClaim: string;
  tenantClaim: string;
}

export function consoleSettings(config: AppConfig, origin: string): ConsoleSettings {
  return {
    issuer: config.oidc.issuer ?? `${origin}/dev-oidc`,
    clientId: config.console.clientId,
    scope: config.console.scope,
    tokenSignIn: config.console.tokenSignIn,
    roleClaim: config.oidc.roleClaim,
    tenantClaim: config.oidc.tenantClaim,
  };
}

/** The built console (`npm run build` puts it in dist/console), wherever this file is run from. */
export function consoleDir(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'console');
}

/**
 * Serves the staff console as static files with a fallback to index.html for
 * its client-side routes. The files carry no data and need no credentials;
 * every API call the console makes goes through the guarded routes.
 */
export function mountConsole(app: NestExpressApplication, config: AppConfig, dir = consoleDir()): void {
  const index = path.join(dir, 'index.html');
  const csp = consoleCsp(config.oidc.issuer ? new URL(config.oidc.issuer).origin : null);
  app.use(CONSOLE_PATH, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.use(`${CONSOLE_PATH}/settings.json`, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path !== '/') {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(consoleSettings(config, `${req.protocol}://${req.get('host') ?? 'localhost'}`));
  });
  app.useStaticAssets(dir, {
    prefix: CONSOLE_PATH,
    index: false,
    // Asset names carry a content hash, so they never change under a URL.
    setHeaders: (res: Response, file: string) => {
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    // A missing asset is a 404, not the app: a stale cached page must not get HTML for its script.
    if (req.path.startsWith('/assets/')) return res.status(404).type('text/plain').send('Not found');
    if (!fs.existsSync(index))
      return res.status(503).type('text/plain').send('The console is not built; run `npm run build`.');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
