/**
 * The packaging configuration (electron-builder.json) and the files it names (resources/), checked
 * without packaging anything: electron-builder downloads Electron and the platforms' tools, and
 * none of that is reachable here. test/e2e/electron-app.test.ts packs the built app for real, with
 * a stand-in Electron, where electron-builder is installed.
 *
 * Patterns are read the way electron-builder reads them (minimatch with { dot: true }, a list read
 * in order, a later "!" pattern excluding what an earlier one took), for the glob syntax the config
 * uses: `**`, `*` and `{a,b}`. Any other syntax fails the test rather than being guessed at.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESOURCES = path.join(ROOT, 'resources');

interface PlatformConfig {
  target: { target: string; arch: string[] }[];
  icon: string;
  files?: string[];
  [key: string]: unknown;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output?: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraMetadata?: Record<string, unknown>;
  mac: PlatformConfig & { category: string; hardenedRuntime: boolean; entitlements: string };
  win: PlatformConfig;
  linux: PlatformConfig & { category: string; maintainer: string; executableName: string; desktop: { entry: Record<string, string> } };
  nsis: Record<string, unknown>;
  [key: string]: unknown;
}

const CONFIG_FILE = path.join(ROOT, 'electron-builder.json');
const config = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as BuilderConfig;

/** The three platforms: the config's key, and the prefix of better-sqlite3's addons for it (process.platform). */
const PLATFORMS = [
  { key: 'mac', addon: 'darwin' },
  { key: 'win', addon: 'win32' },
  { key: 'linux', addon: 'linux' },
] as const;

// ---- electron-builder's pattern semantics --------------------------------------------------

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\?]/g, '\\$&');

function globSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:[^/]*/)*';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      re += '(?:/.*)?';
      i += 2;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map(globSource)
        .join('|')})`;
      i = end;
    } else if ('?[]()'.includes(c)) {
      throw new Error(`packaging.test.ts reads only **, * and {a,b} in patterns; "${glob}" has "${c}"`);
    } else {
      re += escapeRe(c);
    }
  }
  return re;
}

/** One pattern as a test of a path relative to the app folder (a bare folder name also takes what is in it, as electron-builder adds `name/**`). */
function matcher(pattern: string): { negate: boolean; test: (file: string) => boolean } {
  const negate = pattern.startsWith('!');
  const glob = negate ? pattern.slice(1) : pattern;
  const re = new RegExp(`^${globSource(glob)}$`);
  const folder = !glob.includes('.') && !/[*{]/.test(glob) ? new RegExp(`^${escapeRe(glob)}/`) : null;
  return { negate, test: (file) => re.test(file) || (folder?.test(file) ?? false) };
}

/** electron-builder's minimatchAll: patterns in order, each "!" one able to drop what came before it. */
function packs(patterns: string[], file: string): boolean {
  let match = false;
  for (const p of patterns.map(matcher)) {
    if (match !== p.negate) continue;
    match = p.negate ? !p.test(file) : p.test(file);
  }
  return match;
}

/** The app's own files for a platform: a platform's `files` replaces the root list for them (seen with electron-builder 26). */
const appPatterns = (key: string) => (config[key] as PlatformConfig).files ?? config.files;
/** node_modules for a platform: everything, less every "!" pattern of the root list and of the platform's. */
const moduleExcludes = (key: string) => ['**/*', ...config.files, ...((config[key] as PlatformConfig).files ?? [])].filter((p) => p === '**/*' || p.startsWith('!'));

// What the built app is checked for (the files it imports, the packages they load) is checked on the real
// build and a real package in test/e2e/electron-app.test.ts, which runs after `npm run build`.

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

// ---- PNG, ICO, ICNS ------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG signature').toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25] };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what scripts/make-icons.mjs writes). */
function pngPixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height, bitDepth, colorType } = pngHeader(png);
  expect([bitDepth, colorType, png[28]], '8-bit RGBA, not interlaced').toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? rgba[y * stride + i - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= 4 ? rgba[(y - 1) * stride + i - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      rgba[y * stride + i] = (x + [0, a, b, (a + b) >> 1, paeth][filter]) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** The drawing is there: transparent outside the rounded square, the blue-teal body and the white stair inside it. */
function expectDrawn(png: Buffer, label: string): void {
  const { width, rgba } = pngPixels(png);
  const px = (x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
  expect(px(0, 0)[3], `${label}: the corner is transparent`).toBe(0);
  let white = 0;
  let body = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] < 255) continue;
    if (rgba[i] > 240 && rgba[i + 1] > 240 && rgba[i + 2] > 240) white++;
    else if (rgba[i + 2] > rgba[i] + 40) body++;
  }
  const n = rgba.length / 4;
  expect(body / n, `${label}: share of blue-teal body`).toBeGreaterThan(0.3);
  expect(white / n, `${label}: share of white stair`).toBeGreaterThan(0.08);
}

interface IcoImage {
  size: number;
  bitCount: number;
  data: Buffer;
}
function parseIco(ico: Buffer): IcoImage[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)], 'ICO header: reserved 0, type 1 (icon)').toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, n) => {
    const e = 6 + 16 * n;
    const size = ico[e] || 256;
    expect(ico[e + 1] || 256, 'square').toBe(size);
    const length = ico.readUInt32LE(e + 8);
    const offset = ico.readUInt32LE(e + 12);
    expect(offset + length, 'image inside the file').toBeLessThanOrEqual(ico.length);
    return { size, bitCount: ico.readUInt16LE(e + 6), data: ico.subarray(offset, offset + length) };
  });
}

function parseIcns(icns: Buffer): Map<string, Buffer> {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4), 'ICNS length is the file length').toBe(icns.length);
  const entries = new Map<string, Buffer>();
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    expect(length, 'an ICNS entry counts its 8-byte header').toBeGreaterThan(8);
    entries.set(icns.toString('latin1', at, at + 4), icns.subarray(at + 8, at + length));
    at += length;
  }
  return entries;
}

// ---- the tests -----------------------------------------------------------------------------

/** electron-builder's own check of a configuration (its scheme.json, with its ajv options), when app-builder-lib is installed. */
const validateConfiguration = (() => {
  try {
    const lib = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }) => Promise<void>;
    };
    return lib.validateConfiguration;
  } catch {
    process.stderr.write('packaging.test.ts: the schema check was skipped: electron-builder (app-builder-lib) is not installed\n');
    return null;
  }
})();

describe('electron-builder.json', () => {
  it.skipIf(!validateConfiguration)("passes electron-builder's own schema check (app-builder-lib/scheme.json)", async () => {
    await validateConfiguration!(structuredClone(config), { isEnabled: false, add() {} });
    // The check bites: a misspelt option is refused.
    await expect(validateConfiguration!({ ...structuredClone(config), mac: { ...config.mac, hardenedRuntme: true } }, { isEnabled: false, add() {} })).rejects.toThrow(/configuration\.mac/);
  });

  it('builds a dmg, an NSIS installer, an AppImage and a deb of Stepwise, from resources/', () => {
    expect(config).toMatchObject({ appId: 'edu.stepwise.app', productName: 'Stepwise', directories: { buildResources: 'resources' }, asar: true });
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.mac).toMatchObject({ category: 'public.app-category.education', hardenedRuntime: true });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    // Installs for the user, not the machine, wherever they choose; an uninstall keeps the office's database.
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false });
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ category: 'Education', icon: 'resources/icons', executableName: 'stepwise' });
    expect(config.linux.maintainer).toMatch(/^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$/);
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Stepwise' });
    expect(config.linux.desktop.entry.Exec, 'electron-builder refuses desktop.entry.Exec').toBeUndefined();
    // Electron takes the window's app_id / WM_CLASS from desktopName: it must be the installed .desktop file's name.
    expect(config.extraMetadata?.desktopName).toBe(`${config.linux.executableName}.desktop`);
    expect(config.linux.syncDesktopName).toBe(true);
  });

  it('names only files that exist', () => {
    expect(fs.statSync(path.join(ROOT, config.directories.buildResources)).isDirectory()).toBe(true);
    for (const file of [config.mac.icon, config.win.icon, config.mac.entitlements]) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    expect(fs.statSync(path.join(ROOT, config.linux.icon)).isDirectory()).toBe(true);
    const entitlements = fs.readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    // V8 needs JIT under the hardened runtime; nothing else is asked for.
    expect([...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it("ships the built app (out/main, out/preload, out/renderer) and none of the checkout's sources", () => {
    const wanted = ['package.json', 'out/main/index.js', 'out/main/report-worker.js', 'out/main/chunks/workbook-AbC123.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-AbC123.js'];
    const unwanted = [
      'src/main/electron/main.ts',
      'src/renderer/index.html',
      'src/shared/api.ts',
      'test/unit/packaging.test.ts',
      'bench/run.ts',
      'bin/stepwise.js',
      'scripts/make-icons.mjs',
      'out/cli/stepwise.mjs',
      'out/main/index.js.map',
      'electron.config.ts',
      'tsconfig.json',
      'README.md',
      'resources/icon.png',
    ];
    for (const { key } of PLATFORMS) {
      expect(wanted.filter((f) => !packs(appPatterns(key), f)), `${key}: built files left out`).toEqual([]);
      expect(unwanted.filter((f) => packs(appPatterns(key), f)), `${key}: files that must not ship`).toEqual([]);
    }
  });

  it("repeats the shared patterns in each platform's list (a platform's files replaces the root list for the app's own files)", () => {
    for (const { key } of PLATFORMS) {
      const own = (config[key] as PlatformConfig).files;
      if (!own) continue;
      expect(own.slice(0, config.files.length), key).toEqual(config.files);
      expect(own.slice(config.files.length).every((p) => p.startsWith('!')), `${key}: only exclusions added`).toBe(true);
    }
  });

  it("ships each platform its own better-sqlite3 addons (x64 and arm64) and not the other platforms'", () => {
    const addonDir = path.join(ROOT, 'node_modules/better-sqlite3/prebuilds');
    const addons = fs.existsSync(addonDir) ? fs.readdirSync(addonDir).filter((f) => f.endsWith('.node')) : ['darwin-arm64.node', 'darwin-x64.node', 'linux-arm64.node', 'linux-x64.node', 'linuxmusl-x64.node', 'win32-x64.node'];
    for (const { key, addon } of PLATFORMS) {
      const shipped = addons.filter((f) => packs(moduleExcludes(key), `node_modules/better-sqlite3/prebuilds/${f}`));
      expect(shipped.sort(), key).toEqual(addons.filter((f) => f.startsWith(`${addon}-`)).sort());
      const kept = ['node_modules/better-sqlite3/lib/index.js', 'node_modules/better-sqlite3/package.json', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/zod/index.js', 'node_modules/exceljs/excel.js', 'node_modules/csv-parse/dist/esm/index.js'];
      expect(kept.filter((f) => !packs(moduleExcludes(key), f)), `${key}: runtime files left out`).toEqual([]);
      const dropped = ['node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', 'node_modules/better-sqlite3/src/better_sqlite3.cpp', 'node_modules/better-sqlite3/binding.gyp', 'node_modules/tsx/dist/esm/api/index.mjs', 'node_modules/esbuild/lib/main.js', 'node_modules/@esbuild/linux-x64/bin/esbuild'];
      expect(dropped.filter((f) => packs(moduleExcludes(key), f)), `${key}: build-time files shipped`).toEqual([]);
    }
  });

  it("unpacks from the asar what cannot run inside it: better-sqlite3's addon and the report worker with everything it loads", () => {
    const unpacked = (f: string) => packs(config.asarUnpack, f);
    // A native addon is loaded by the OS from a real file.
    for (const f of ['node_modules/better-sqlite3/prebuilds/linux-x64.node', 'node_modules/better-sqlite3/prebuilds/darwin-arm64.node', 'node_modules/better-sqlite3/prebuilds/win32-x64.node', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) expect(unpacked(f), f).toBe(true);
    // The worker thread runs from app.asar.unpacked: its own imports resolve there, so they must be there too,
    // and the package.json that makes its .js files ES modules.
    expect(unpacked('package.json')).toBe(true);
    // The shape of the built worker's closure (the real one is checked after the build, in test/e2e/electron-app.test.ts).
    const closure = { files: ['out/main/report-worker.js', 'out/main/chunks/workbook-AbC123.js'], packages: ['better-sqlite3', 'zod'] };
    expect(closure.files).toContain('out/main/report-worker.js');
    expect(closure.packages, 'the worker runs without Electron').not.toContain('electron');
    expect(closure.files.filter((f) => !unpacked(f)), 'worker files left in the asar').toEqual([]);
    expect(closure.packages.filter((p) => !unpacked(`node_modules/${p}/package.json`)), 'packages the worker imports, left in the asar').toEqual([]);
    // …and nothing else of the app.
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'node_modules/exceljs/excel.js']) expect(unpacked(f), f).toBe(false);
  });

  it('needs no rebuild for Electron: every better-sqlite3 addon is Node-API, the same binary for Node and Electron', () => {
    expect(config.npmRebuild).toBe(false);
    const dir = path.join(ROOT, 'node_modules/better-sqlite3/prebuilds');
    const addons = fs.readdirSync(dir).filter((f) => f.endsWith('.node'));
    expect(addons.length).toBeGreaterThan(0);
    for (const f of addons) {
      const bin = fs.readFileSync(path.join(dir, f)).toString('latin1');
      // napi_register_module_v1: a Node-API module. node_register_module_v<ABI>: one built for a single Node/Electron ABI,
      // which would need npmRebuild: true (and a compiler on the packaging machine).
      expect(bin.includes('napi_register_module_v1') && !/node_register_module_v\d/.test(bin), f).toBe(true);
    }
  });
});

describe('resources/ (scripts/make-icons.mjs)', () => {
  const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

  it('has the Linux icon set, one PNG per size, named NxN.png', () => {
    expect(fs.readdirSync(path.join(ROOT, config.linux.icon)).sort()).toEqual(LINUX_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const size of LINUX_SIZES) {
      const png = fs.readFileSync(path.join(ROOT, config.linux.icon, `${size}x${size}.png`));
      expect(pngHeader(png), `${size}x${size}.png`).toEqual({ width: size, height: size, bitDepth: 8, colorType: 6 });
    }
    expect(pngHeader(fs.readFileSync(path.join(RESOURCES, 'icon.png')))).toMatchObject({ width: 1024, height: 1024 });
    expect(fs.readFileSync(path.join(RESOURCES, 'icon.svg'), 'utf8')).toMatch(/^<svg [^>]*width="1024" height="1024"/);
  });

  it('has a Windows icon with every size from 16 to 256, each image the size its entry says', () => {
    const images = parseIco(fs.readFileSync(path.join(ROOT, config.win.icon)));
    expect(images.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, bitCount, data } of images) {
      expect(bitCount, `${size}: 32 bits a pixel`).toBe(32);
      if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
        expect(pngHeader(data), `${size}: PNG`).toMatchObject({ width: size, height: size });
      } else {
        // A BMP as ICO stores it: BITMAPINFOHEADER, height doubled (the AND mask), 32 bpp, and all its bytes present.
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)], `${size}: BMP`).toEqual([40, size, size * 2, 32]);
        expect(data.length, `${size}: pixels and mask`).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
      }
    }
    expectDrawn(images.find((i) => i.size === 256)!.data, 'icon.ico 256');
  });

  it('has a macOS icon with PNG entries ic07 to ic10 (and the @2x ones), each the size of its type', () => {
    const entries = parseIcns(fs.readFileSync(path.join(ROOT, config.mac.icon)));
    const SIZES: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    for (const type of ['ic07', 'ic08', 'ic09', 'ic10']) expect(entries.has(type), type).toBe(true);
    for (const [type, png] of entries) {
      expect(SIZES[type], `${type}: a type this test knows`).toBeDefined();
      expect(pngHeader(png), type).toMatchObject({ width: SIZES[type], height: SIZES[type] });
    }
    expectDrawn(entries.get('ic08')!, 'icon.icns ic08');
    expectDrawn(entries.get('ic10')!, 'icon.icns ic10');
  });

  it('draws the icon at every size (not a blank or transparent square)', () => {
    for (const size of LINUX_SIZES) expectDrawn(fs.readFileSync(path.join(ROOT, config.linux.icon, `${size}x${size}.png`)), `${size}x${size}.png`);
  });

  it('stays small (under 1 MB in all)', () => {
    const total = walk(RESOURCES).reduce((n, f) => n + fs.statSync(f).size, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });
});
