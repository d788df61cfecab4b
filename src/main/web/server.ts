/**
 * The loopback web host: the built renderer plus the core's handlers over HTTP on 127.0.0.1, for
 * development, browser tests, and offices where the Electron download is blocked. Like Jupyter it
 * makes a random token at launch; a request without it, or with a foreign Host or Origin header
 * (DNS rebinding, a web page in the user's browser), is refused: other local users and web pages
 * must not reach student data.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ProgressEvent } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../electron/security';
import { invoke } from '../handlers';
import type { HandlerContext } from '../handlers/context';
import { decodeBytes, encodeBytes } from './transport';

export interface WebHostOptions {
  ctx: Omit<HandlerContext, 'progress'>;
  rendererDir: string;
  port: number;
  token?: string;
  /** Largest request body accepted (an uploaded roster travels base64 inside JSON). */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const COOKIE = 'stepwise_token';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 300 * 1024 * 1024;
  const rendererDir = path.resolve(opts.rendererDir);
  const listeners = new Set<http.ServerResponse>();
  let port = opts.port;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const broadcast = (event: ProgressEvent) => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  // Live screens: a change anyone committed to an office database reaches every open page as a
  // named event ("changed"), and the page reads what it shows again.
  const stopChanges = opts.ctx.store?.onChange((change) => {
    for (const res of listeners) res.write(`event: changed\ndata: ${JSON.stringify(change)}\n\n`);
  });

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...extra });
      res.end(body);
    };
    if (!allowedHosts().has(req.headers.host ?? '')) return send(403, 'Forbidden: unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return send(403, 'Forbidden: foreign Origin');

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = url.searchParams.get('token') ?? cookieToken(req.headers.cookie) ?? (req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : null);
    if (!given || !safeEqual(given, token)) return send(401, 'Unauthorized: open the URL with the token that `npm run web` printed');
    const setCookie = url.searchParams.has('token') ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};

    if (url.pathname === '/api/invoke' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) {
          send(413, 'Request too large');
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', async () => {
        if (res.writableEnded) return;
        let body: { name?: unknown; input?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          return send(400, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: 'Request body is not JSON' } }), 'application/json');
        }
        const result = await invoke({ ...opts.ctx, progress: broadcast }, body.name, decodeBytes(body.input));
        send(200, JSON.stringify(encodeBytes(result)), 'application/json');
      });
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (req.method !== 'GET') return send(405, 'Method not allowed');

    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep)) return send(404, 'Not found');
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'Not found');
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
        ...setCookie,
      });
      res.end(data);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        stopChanges?.();
        for (const res of listeners) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
