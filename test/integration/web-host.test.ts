import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { tempDatabase, tempDir } from '../helpers';

let host: WebHost;
let close: () => void;

function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Opens a request and settles on the status line, then hangs up: `/api/events` answers a good
 * request with a stream that never ends, so waiting for the end of the body would hang.
 */
function statusOf(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] });
      res.resume();
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET') reject(err);
    });
    req.end(opts.body);
  });
}

beforeAll(async () => {
  const { db, file } = await tempDatabase();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Stepwise</title>');
  host = await startWebHost({ ctx: { db, databasePath: file, actor: 'test' }, rendererDir, port: 0 });
  close = () => db.close();
});
afterAll(async () => {
  await host.close();
  close();
});

describe('the loopback web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses requests without the token', async () => {
    expect((await request({ path: '/' })).status).toBe(401);
    expect((await request({ path: '/?token=wrong' })).status).toBe(401);
    const api = await request({ path: '/api/invoke', method: 'POST', body: JSON.stringify({ name: 'app.info', input: {} }) });
    expect(api.status).toBe(401);
    expect(api.body).not.toContain('studentCount');
  });

  it('serves the page with the token, sets an HttpOnly cookie and a CSP', async () => {
    const res = await request({ path: `/?token=${host.token}` });
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await request({ path: `/?token=${host.token}`, headers: { Host: 'evil.example:80' } })).status).toBe(403);
    const res = await request({
      path: '/api/invoke',
      method: 'POST',
      headers: { Cookie: `stepwise_token=${host.token}`, Origin: 'https://evil.example' },
      body: JSON.stringify({ name: 'app.info', input: {} }),
    });
    expect(res.status).toBe(403);
  });

  it('invokes handlers with the token cookie, and answers unknown names and bad input with typed errors', async () => {
    const headers = { Cookie: `stepwise_token=${host.token}`, Origin: `http://127.0.0.1:${host.port}` };
    const ok = JSON.parse((await request({ path: '/api/invoke', method: 'POST', headers, body: JSON.stringify({ name: 'app.info', input: {} }) })).body);
    expect(ok).toMatchObject({ ok: true, value: { studentCount: 0, schemaVersion: SCHEMA_VERSION } });
    const unknown = JSON.parse((await request({ path: '/api/invoke', method: 'POST', headers, body: JSON.stringify({ name: 'db.dropEverything', input: {} }) })).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HANDLER' } });
    const bad = JSON.parse((await request({ path: '/api/invoke', method: 'POST', headers, body: JSON.stringify({ name: 'students.get', input: { id: 42 } }) })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notJson = await request({ path: '/api/invoke', method: 'POST', headers, body: '{nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  describe('every route, request by request', () => {
    const appInfo = JSON.stringify({ name: 'app.info', input: {} });
    const own = () => `http://127.0.0.1:${host.port}`;
    const cookie = () => `stepwise_token=${host.token}`;
    const goodTokens = (): Record<string, string>[] => [{ Cookie: cookie() }, { Authorization: `Bearer ${host.token}` }];

    it('answers a good request on each route (so the refusals below are refusals, not a broken route)', async () => {
      expect((await request({ path: `/?token=${host.token}` })).status).toBe(200);
      expect((await request({ path: '/index.html', headers: { Cookie: cookie() } })).status).toBe(200);
      expect((await request({ path: '/', headers: { Host: `localhost:${host.port}`, Cookie: cookie() } })).status).toBe(200);
      const api = await request({ path: '/api/invoke', method: 'POST', headers: { Cookie: cookie(), Origin: own() }, body: appInfo });
      expect(api.status).toBe(200);
      expect(JSON.parse(api.body)).toMatchObject({ ok: true, value: { studentCount: 0 } });
      const bearer = await request({ path: '/api/invoke', method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: appInfo });
      expect(JSON.parse(bearer.body)).toMatchObject({ ok: true });
      expect(await statusOf({ path: '/api/events', headers: { Cookie: cookie(), Origin: own() } })).toEqual({ status: 200, type: 'text/event-stream' });
      expect((await statusOf({ path: `/api/events?token=${host.token}` })).status).toBe(200);
    });

    it('refuses a missing or wrong token on the page, the files, POST /api/invoke and /api/events', async () => {
      const wrong = 'A'.repeat(host.token.length);
      const wrongs: Record<string, string>[] = [{}, { Cookie: `stepwise_token=${wrong}` }, { Cookie: 'stepwise_token=' }, { Authorization: `Bearer ${wrong}` }, { Authorization: host.token }];
      for (const headers of wrongs) {
        const label = JSON.stringify(headers);
        expect((await request({ path: '/', headers })).status, `GET / ${label}`).toBe(401);
        expect((await request({ path: '/index.html', headers })).status, `GET /index.html ${label}`).toBe(401);
        const api = await request({ path: '/api/invoke', method: 'POST', headers: { ...headers, Origin: own() }, body: appInfo });
        expect(api.status, `POST /api/invoke ${label}`).toBe(401);
        expect(api.body).not.toContain('studentCount');
        expect((await statusOf({ path: '/api/events', headers: { ...headers, Origin: own() } })).status, `GET /api/events ${label}`).toBe(401);
      }
      for (const q of [`?token=${wrong}`, '?token=', `?token=${host.token.slice(0, -1)}`, `?token=${host.token}x`]) {
        expect((await request({ path: `/${q}` })).status, `GET /${q}`).toBe(401);
        expect((await request({ path: `/api/invoke${q}`, method: 'POST', body: appInfo })).status, `POST /api/invoke${q}`).toBe(401);
        expect((await statusOf({ path: `/api/events${q}` })).status, `GET /api/events${q}`).toBe(401);
      }
    });

    it('refuses a foreign Host on POST /api/invoke, with a good token and a good Origin, and runs nothing', async () => {
      for (const Host of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
        for (const auth of goodTokens()) {
          const res = await request({ path: '/api/invoke', method: 'POST', headers: { Host, Origin: own(), ...auth }, body: appInfo });
          expect(res.status, `Host: ${Host}`).toBe(403);
          expect(res.body).not.toContain('studentCount');
        }
        const withQuery = await request({ path: `/api/invoke?token=${host.token}`, method: 'POST', headers: { Host }, body: appInfo });
        expect(withQuery.status, `Host: ${Host} (token in the query)`).toBe(403);
      }
    });

    it('refuses a foreign Host on /api/events and on any other method', async () => {
      expect((await statusOf({ path: '/api/events', headers: { Host: 'evil.example', Cookie: cookie() } })).status).toBe(403);
      for (const method of ['PUT', 'DELETE', 'OPTIONS'])
        expect((await request({ path: `/?token=${host.token}`, method, headers: { Host: 'evil.example' } })).status, method).toBe(403);
    });

    it('refuses a foreign Origin on /api/events: a web page in the user’s browser cannot listen to the progress stream', async () => {
      for (const Origin of ['https://evil.example', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'null']) {
        for (const auth of goodTokens()) {
          const res = await statusOf({ path: '/api/events', headers: { Origin, ...auth } });
          expect(res.status, `Origin: ${Origin}`).toBe(403);
          expect(res.type).not.toBe('text/event-stream');
        }
        expect((await statusOf({ path: `/api/events?token=${host.token}`, headers: { Origin } })).status, `Origin: ${Origin} (token in the query)`).toBe(403);
      }
    });
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await request({ path: `/..%2f..%2fetc%2fpasswd`, headers: { Cookie: `stepwise_token=${host.token}` } });
    expect(res.status).toBe(404);
  });
});
