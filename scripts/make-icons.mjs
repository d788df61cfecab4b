// Draws Stepwise's app icon and writes every file the three platforms' packages take it from
// (electron-builder.json names them; test/unit/packaging.test.ts checks them):
//
//   resources/icon.svg            the master drawing (1024 px), for editing and for anything that takes SVG
//   resources/icon.png            1024 px: electron-builder's fallback, and the source it derives from if a file is missing
//   resources/icons/NxN.png       16 … 1024 px: the Linux packages' hicolor icon theme (AppImage, deb)
//   resources/icon.ico            Windows: 16, 24, 32, 48, 64, 128 (32-bit BMP) and 256 (PNG) in one file
//   resources/icon.icns           macOS: ic07–ic14, PNG, drawn on Apple's icon grid (the body inset, a soft shadow)
//
// Each size is drawn from the vector at that size, not scaled down from a big bitmap, and the small
// ones (≤ 64 px) have the stair's edges snapped to whole pixels, so they stay sharp in a title bar.
// Rendering is librsvg's rsvg-convert (apt-get install librsvg2-bin) when installed, else Debian's
// Chromium through playwright-core (CHROMIUM_PATH overrides /usr/bin/chromium); the PNG, ICO and
// ICNS containers are written here, by hand: all three are simple.
//
// Run: node scripts/make-icons.mjs   (only when the drawing changes; the outputs are committed)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources');

/** Linux hicolor sizes (every one also a file in resources/icons). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows: the sizes Explorer, the taskbar and the title bar ask for; 256 is stored as PNG, the rest as BMP. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS: PNG entries by type code (ic11–ic14 are the @2x versions of 16, 32, 128 and 256 pt). */
export const ICNS_TYPES = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };

const COLORS = { top: '#1AA39A', bottom: '#1F5FAE', mark: '#FFFFFF' };

/**
 * The icon at `size` px. 'full': the rounded square fills the canvas (Windows, Linux). 'mac': Apple's
 * grid (an 824/1024 body, corner radius 185/1024, room for a shadow below it).
 */
export function iconSvg(size, variant = 'full') {
  const s = size;
  const num = (v) => String(Math.round(v * 100) / 100);
  const snap = s <= 64 ? (v) => Math.round(v) : (v) => Math.round(v * 100) / 100;
  const inset = variant === 'mac' ? (100 / 1024) * s : s <= 32 ? 0 : (24 / 1024) * s;
  const body = s - 2 * inset;
  const radius = variant === 'mac' ? (185 / 1024) * s : body * 0.22;
  // The stair: three steps rising to the right, a solid silhouette (its outer corners slightly rounded
  // at the larger sizes), and on the top step a flag: the goal. Centred as a group. Below 32 px, the stair alone.
  // A bigger stair at the smallest sizes, where it is all there is.
  const stepW = snap(body * (s <= 24 ? 0.24 : 0.18));
  const stepH = snap(body * (s <= 24 ? 0.19 : 0.15));
  const withFlag = s >= 32;
  const flagH = withFlag ? body * 0.2 : 0;
  const markH = 3 * stepH + flagH;
  const left = snap(inset + (body - 3 * stepW) / 2);
  const base = snap(inset + (body + markH) / 2 + body * 0.01);
  const pts = [
    [left, base],
    [left, base - stepH],
    [left + stepW, base - stepH],
    [left + stepW, base - 2 * stepH],
    [left + 2 * stepW, base - 2 * stepH],
    [left + 2 * stepW, base - 3 * stepH],
    [left + 3 * stepW, base - 3 * stepH],
    [left + 3 * stepW, base],
  ];
  const round = s <= 64 ? 0 : body * 0.02;
  const poleX = snap(left + 2 * stepW + stepW * 0.22);
  const poleW = Math.max(snap(body * 0.028), 1);
  const top = base - 3 * stepH;
  const flag = withFlag
    ? `<rect x="${num(poleX)}" y="${num(top - flagH)}" width="${num(poleW)}" height="${num(flagH + 1)}" fill="${COLORS.mark}"/>
  <polygon points="${num(poleX + poleW / 2)},${num(top - flagH)} ${num(poleX + poleW + body * 0.15)},${num(top - flagH + body * 0.05)} ${num(poleX + poleW / 2)},${num(top - flagH + body * 0.1)}" fill="${COLORS.mark}"/>`
    : '';
  // The mac grid's shadow: a blurred dark copy of the body, a little lower (feGaussianBlur alone: every renderer has it).
  const shadow =
    variant === 'mac'
      ? `<filter id="shadow" x="-10%" y="-10%" width="120%" height="125%"><feGaussianBlur stdDeviation="${((s * 12) / 1024).toFixed(2)}"/></filter>`
      : '';
  const shadowRect = shadow ? `<rect x="${inset}" y="${inset + (s * 10) / 1024}" width="${body}" height="${body}" rx="${radius}" fill="#000" fill-opacity="0.3" filter="url(#shadow)"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0.35" y2="1">
      <stop offset="0" stop-color="${COLORS.top}"/>
      <stop offset="1" stop-color="${COLORS.bottom}"/>
    </linearGradient>
    <linearGradient id="sheen" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#FFFFFF" stop-opacity="0.14"/>
      <stop offset="0.5" stop-color="#FFFFFF" stop-opacity="0"/>
    </linearGradient>
    ${shadow}
  </defs>
  ${shadowRect}
  <rect x="${inset}" y="${inset}" width="${body}" height="${body}" rx="${radius}" fill="url(#bg)"/>
  <rect x="${inset}" y="${inset}" width="${body}" height="${body}" rx="${radius}" fill="url(#sheen)"/>
  <polygon points="${pts.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" fill="${COLORS.mark}"${round ? ` stroke="${COLORS.mark}" stroke-width="${round.toFixed(2)}" stroke-linejoin="round"` : ''}/>
  ${flag}
</svg>
`;
}

// ---- PNG -------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG, each row with the filter that makes it smallest (the usual heuristic). */
export function encodePng(rgba, width, height) {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const row = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const cur = rgba.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rgba.subarray((y - 1) * stride, y * stride) : null;
    let best = null;
    let bestSum = Infinity;
    for (let f = 0; f <= 4; f++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= 4 ? cur[i - 4] : 0;
        const b = prev ? prev[i] : 0;
        const c = prev && i >= 4 ? prev[i - 4] : 0;
        let v;
        if (f === 0) v = cur[i];
        else if (f === 1) v = cur[i] - a;
        else if (f === 2) v = cur[i] - b;
        else if (f === 3) v = cur[i] - ((a + b) >> 1);
        else {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        row[i] = v & 0xff;
        sum += row[i] < 128 ? row[i] : 256 - row[i];
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = Buffer.concat([Buffer.from([f]), row]);
      }
    }
    best.copy(raw, y * (stride + 1));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO -------------------------------------------------------------------------------------

/** A 32-bit BMP image as an ICO stores it: BITMAPINFOHEADER (height doubled), BGRA rows bottom-up, then the 1-bit AND mask. */
function icoBitmap(rgba, size) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12); // planes
  header.writeUInt16LE(32, 14); // bits per pixel
  const pixels = Buffer.alloc(size * size * 4);
  const maskStride = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const src = (size - 1 - y) * size * 4;
    for (let x = 0; x < size; x++) {
      const i = src + x * 4;
      const o = (y * size + x) * 4;
      pixels[o] = rgba[i + 2];
      pixels[o + 1] = rgba[i + 1];
      pixels[o + 2] = rgba[i];
      pixels[o + 3] = rgba[i + 3];
      if (rgba[i + 3] === 0) mask[y * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  header.writeUInt32LE(pixels.length + mask.length, 20);
  return Buffer.concat([header, pixels, mask]);
}

/** images: [{ size, data }] in ascending size; data is a PNG (256) or a BMP from icoBitmap. */
export function encodeIco(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, n) => {
    const e = 6 + 16 * n;
    dir[e] = size >= 256 ? 0 : size; // 0 means 256
    dir[e + 1] = size >= 256 ? 0 : size;
    dir[e + 2] = 0; // no palette
    dir[e + 3] = 0;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((i) => i.data)]);
}

// ---- ICNS ------------------------------------------------------------------------------------

/** entries: [{ type: 'ic07', data: png }]. Big-endian lengths that count their own 8-byte header. */
export function encodeIcns(entries) {
  const parts = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// ---- rendering -------------------------------------------------------------------------------

/** RGBA bytes of an 8-bit RGBA or RGB PNG (what rsvg-convert writes; not interlaced). */
export function decodePng(png) {
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || (data[9] !== 6 && data[9] !== 2) || data[12] !== 0) throw new Error('make-icons: only 8-bit RGB(A), non-interlaced PNGs are read');
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? px[(y - 1) * stride + i - channels] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const q = a + b - c;
        const pa = Math.abs(q - a);
        const pb = Math.abs(q - b);
        const pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + i] = (src[i] + p) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: px };
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) px.copy(rgba, i * 4, i * 3, i * 3 + 3);
  return { width, height, rgba };
}

/**
 * The renderer: librsvg's rsvg-convert when installed (`apt-get install librsvg2-bin`): it draws
 * gradients without dithering, so the PNGs compress several times smaller. Otherwise Chromium, which
 * dithers them (the files come out larger, and the drawing the same).
 */
async function renderer() {
  const rsvg = spawnSync('rsvg-convert', ['--version'], { encoding: 'utf8' });
  if (rsvg.status === 0) {
    return {
      name: rsvg.stdout.trim(),
      async rasterize(svg, size) {
        const run = spawnSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png'], { input: svg, maxBuffer: 64 << 20 });
        if (run.status !== 0) throw new Error(`make-icons: rsvg-convert failed: ${run.stderr}`);
        const { width, height, rgba } = decodePng(run.stdout);
        if (width !== size || height !== size) throw new Error(`make-icons: rsvg-convert drew ${width}x${height}, not ${size}`);
        return rgba;
      },
      async close() {},
    };
  }
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  return {
    name: `Chromium ${browser.version()}`,
    // RGBA bytes (not premultiplied) of the SVG drawn onto a canvas of its own size.
    async rasterize(svg, size) {
      const base64 = await page.evaluate(
        async ({ svg, size }) => {
          const img = new Image();
          img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const ctx = canvas.getContext('2d', { colorSpace: 'srgb' });
          ctx.drawImage(img, 0, 0, size, size);
          const bytes = ctx.getImageData(0, 0, size, size).data;
          let bin = '';
          for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
          return btoa(bin);
        },
        { svg, size },
      );
      return Buffer.from(base64, 'base64');
    },
    close: () => browser.close(),
  };
}

async function main() {
  const draw = await renderer();
  try {
    const full = new Map();
    const mac = new Map();
    for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) full.set(size, await draw.rasterize(iconSvg(size, 'full'), size));
    for (const size of new Set(Object.values(ICNS_TYPES))) mac.set(size, await draw.rasterize(iconSvg(size, 'mac'), size));

    fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
    fs.writeFileSync(path.join(out, 'icon.svg'), iconSvg(1024, 'full'));
    const png = new Map([...full].map(([size, rgba]) => [size, encodePng(rgba, size, size)]));
    fs.writeFileSync(path.join(out, 'icon.png'), png.get(1024));
    for (const size of LINUX_SIZES) fs.writeFileSync(path.join(out, 'icons', `${size}x${size}.png`), png.get(size));
    fs.writeFileSync(path.join(out, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, data: size >= 256 ? png.get(size) : icoBitmap(full.get(size), size) }))));
    const macPng = new Map([...mac].map(([size, rgba]) => [size, encodePng(rgba, size, size)]));
    fs.writeFileSync(path.join(out, 'icon.icns'), encodeIcns(Object.entries(ICNS_TYPES).map(([type, size]) => ({ type, data: macPng.get(size) }))));
  } finally {
    await draw.close();
  }
  let total = 0;
  for (const f of ['icon.svg', 'icon.png', 'icon.ico', 'icon.icns', ...LINUX_SIZES.map((s) => `icons/${s}x${s}.png`)]) total += fs.statSync(path.join(out, f)).size;
  process.stdout.write(`make-icons: drew with ${draw.name}; wrote resources/ (${Math.round(total / 1024)} KB)\n`);
  if (total >= 1024 * 1024) process.stderr.write('make-icons: over the 1 MB test/unit/packaging.test.ts allows: Chromium dithers the gradient; install librsvg2-bin and run again\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
