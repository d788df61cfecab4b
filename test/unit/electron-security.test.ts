import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAppUrl,
  isSafeExternalUrl,
  refuseNavigation,
  refusePermission,
  windowOpenHandler,
  withContentSecurityPolicy,
} from '../../src/main/electron/security';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { api } from '../../src/shared/api';
import { tempDatabase } from '../helpers';
import { contentHash } from '../integration/backup-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name.toLowerCase(), values] as const;
      }),
  );
}

describe('the window’s webPreferences', () => {
  it('isolate the page: context isolation, sandbox, no Node anywhere, web security on, no webviews or insecure content', () => {
    expect(WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
  });

  it('are exactly what main.ts passes to BrowserWindow (spelled out there for the scanner), plus the preload', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/main/electron/main.ts'), 'utf8');
    const block = /webPreferences:\s*\{([\s\S]*?)\}\s*satisfies typeof WEB_PREFERENCES/.exec(source);
    expect(block, 'main.ts must spell out webPreferences and check them with `satisfies typeof WEB_PREFERENCES`').not.toBeNull();
    const literal = Object.fromEntries(
      [...block![1].matchAll(/^\s*(\w+):\s*(true|false|'[^']*')\s*,?\s*$/gm)].map((m) => [m[1], m[2] === 'true' ? true : m[2] === 'false' ? false : m[2].slice(1, -1)]),
    );
    expect(literal).toEqual(WEB_PREFERENCES);
    expect(block![1]).toMatch(/preload: path\.join\(/);
    expect(source).not.toMatch(/\.\.\.WEB_PREFERENCES/);
    expect(source).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
  });
});

describe('the Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('loads nothing remote and runs no eval: every source is the app itself, data:/blob: for images and fonts, or none', () => {
    for (const [name, values] of csp) {
      for (const v of values) expect(`${name} ${v}`).toMatch(/ ('self'|'none'|data:|blob:|'unsafe-inline')$/);
      expect(values, name).not.toContain("'unsafe-eval'");
    }
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Inline styles only (Mantine's emotion-free CSS variables need them); inline scripts never.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('is the same in index.html’s meta tag (less frame-ancestors, which browsers ignore in a meta tag)', () => {
    const html = fs.readFileSync(path.join(ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta).not.toBeNull();
    const fromMeta = directives(meta![1]);
    const expected = new Map(csp);
    expected.delete('frame-ancestors');
    expect(Object.fromEntries(fromMeta)).toEqual(Object.fromEntries(expected));
  });

  it('replaces whatever CSP a response carries, whatever the header’s case', () => {
    const out = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html', 'X-Other': ['a', 'b'] });
    expect(out).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'Content-Type': ['text/html'], 'X-Other': ['a', 'b'] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('navigation, new windows, permissions and external links', () => {
  it('refuses every navigation', () => {
    for (const url of ['https://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      let prevented = false;
      refuseNavigation({ preventDefault: () => (prevented = true) }, url);
      expect(prevented, url).toBe(true);
    }
  });

  it('opens no window, and hands only plain https links to the user’s browser', () => {
    const opened: string[] = [];
    const handler = windowOpenHandler((url) => opened.push(url));
    const urls = ['https://www.usmle.org/bulletin', 'http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'https://user:pw@example.com', 'stepwise://x', ''];
    for (const url of urls) expect(handler({ url }), url).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.usmle.org/bulletin']);
  });

  it('checks external URLs: https only, no credentials, no non-strings, no giant strings', () => {
    const ok = ['https://www.nrmp.org/', 'HTTPS://EXAMPLE.COM/path?q=1#x'];
    const refused: unknown[] = ['http://www.nrmp.org', 'ftp://x', 'file:///C:/x', 'mailto:a@b.c', 'javascript:alert(1)', 'https://a:b@x.org', 'https://', 'not a url', null, undefined, 42, {}, ['https://x.org'], `https://x.org/${'a'.repeat(3000)}`];
    for (const u of ok) expect(isSafeExternalUrl(u), u).toBe(true);
    for (const u of refused) expect(isSafeExternalUrl(u), String(u)).toBe(false);
  });

  it('accepts IPC only from the app’s own page', () => {
    const renderer = '/opt/Stepwise/resources/app/out/renderer/index.html';
    expect(isAppUrl(`file://${renderer}`, renderer)).toBe(true);
    expect(isAppUrl(`file://${renderer}#/settings?tab=backups`, renderer)).toBe(true);
    expect(isAppUrl('file:///tmp/evil/index.html', renderer)).toBe(false);
    // The whole path, not a suffix of it: a copied folder tree elsewhere, or on another host, is not the app.
    expect(isAppUrl(`file:///tmp/evil${renderer}`, renderer)).toBe(false);
    expect(isAppUrl(`file://evil.example${renderer}`, renderer)).toBe(false);
    expect(isAppUrl(`file://${renderer}/../../evil/index.html`, renderer)).toBe(false);
    expect(isAppUrl(`file://${renderer.replace('Stepwise', 'Step%20wise')}`, renderer.replace('Stepwise', 'Step wise'))).toBe(true);
    // Windows: a drive path, and an install on a network share.
    const win = 'C:\\Program Files\\Stepwise\\resources\\app\\out\\renderer\\index.html';
    expect(isAppUrl('file:///C:/Program%20Files/Stepwise/resources/app/out/renderer/index.html', win)).toBe(true);
    expect(isAppUrl('file:///D:/evil/C:/Program%20Files/Stepwise/resources/app/out/renderer/index.html', win)).toBe(false);
    const share = '\\\\server\\apps\\Stepwise\\resources\\app\\out\\renderer\\index.html';
    expect(isAppUrl('file://server/apps/Stepwise/resources/app/out/renderer/index.html', share)).toBe(true);
    expect(isAppUrl('file://evil/apps/Stepwise/resources/app/out/renderer/index.html', share)).toBe(false);
    expect(isAppUrl('https://evil.example/opt/Stepwise/resources/app/out/renderer/index.html', renderer)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', renderer, 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', renderer, 'http://localhost:5173')).toBe(false);
    expect(isAppUrl(42, renderer)).toBe(false);
    expect(isAppUrl('file:///opt/Stepwise/%zz/index.html', renderer)).toBe(false);
    expect(isAppUrl('file:///c:/Program%20Files/Stepwise/resources/app/out/renderer/index.html', 'C:\\Program Files\\Stepwise\\resources\\app\\out\\renderer\\index.html')).toBe(true);
  });

  it('refuses every permission request (camera, notifications, geolocation…)', () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      refusePermission(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
  });
});

/** A value of the wrong type for this field, or undefined when the field takes anything. */
function wrongValueFor(field: z.ZodType): unknown {
  for (const candidate of [{ $bogus: [1, 'x'] }, 'not-a-valid-value-☃', -1.5, true, [null], null])
    if (!field.safeParse(candidate).success) return candidate;
  return undefined;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  const s = schema as unknown as { shape?: Record<string, z.ZodType>; def?: { in?: z.ZodType } };
  if (s.shape) return s.shape;
  if (s.def?.in) return shapeOf(s.def.in);
  return null;
}

describe('the IPC dispatcher with hostile input, for every registered handler', () => {
  let ctx: HandlerContext;
  let before: string;
  let close: () => void;
  beforeAll(async () => {
    const t = await tempDatabase();
    ctx = t.ctx;
    close = () => t.db.close();
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    before = contentHash(t.file);
  });
  afterAll(() => close());

  const names = Object.keys(api) as (keyof typeof api)[];

  it('covers every handler the renderer can name', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const n of ['backup.restore', 'backup.list', 'audit.list', 'students.update', 'app.info']) expect(names).toContain(n);
  });

  it.each(names)('%s rejects wrong types with INVALID_INPUT and never runs', async (name) => {
    for (const garbage of [42, 'x', true, [], [1, 2], -0, Number.NaN]) {
      const r = await invoke(ctx, name, garbage);
      expect(r, `${name} ← ${JSON.stringify(garbage)}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const shape = shapeOf(api[name].input as z.ZodType);
    const wrong = Object.fromEntries(Object.entries(shape ?? {}).map(([k, field]) => [k, wrongValueFor(field)]).filter(([, v]) => v !== undefined));
    if (Object.keys(wrong).length > 0) {
      const r = await invoke(ctx, name, wrong);
      expect(r, `${name} ← ${JSON.stringify(wrong)}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!r.ok) for (const issue of r.error.issues ?? []) expect(typeof issue.message).toBe('string');
    }
  });

  it('answers unknown and tricky names with UNKNOWN_HANDLER', async () => {
    for (const name of ['db.dropEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'students.list ', 'STUDENTS.LIST', '', null, 42, { name: 'app.info' }, ['app.info']]) {
      const r = await invoke(ctx, name, {});
      expect(r, String(name)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HANDLER' } });
    }
  });

  it('left the database exactly as it was', () => {
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(contentHash(ctx.databasePath)).toBe(before);
  });

  describe('prototype pollution', () => {
    it('is not polluted by __proto__ payloads, and refuses oversized strings without running', async () => {
      // A database of its own: handlers whose input is all optional (demo.load…) accept this payload and run.
      const t = await tempDatabase();
      const own = t.ctx;
      const payload = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "id": {"__proto__": {"x": 1}}}') as unknown;
      for (const name of names) await invoke(own, name, payload);
      t.db.close();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const huge = 'x'.repeat(5_000_000);
      expect(await invoke(ctx, 'students.get', { id: huge })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await invoke(ctx, 'audit.list', { text: huge })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });
  });
});
