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

  it('does not serve files outside the renderer folder', async () => {
    const res = await request({ path: `/..%2f..%2fetc%2fpasswd`, headers: { Cookie: `stepwise_token=${host.token}` } });
    expect(res.status).toBe(404);
  });
});
