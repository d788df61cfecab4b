import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2eApp } from './harness';

export type Scheme = 'light' | 'dark';

/**
 * What the page really shows: Mantine's scheme attribute, the WCAG relative luminance (0 black, 1
 * white) of the colour behind the app's frame (body, header, navbar, main area) and behind every
 * visible surface on it (papers, dialogs, tables, the roster grid), and of the body's text colour.
 * A colour is resolved through a canvas, so any CSS colour syntax counts; a translucent background
 * is laid over what is behind it, up to the page's white canvas.
 */
export function shownColours(page: Page): Promise<{ scheme: string | null; backgrounds: [string, number][]; text: number }> {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const rgba = (css: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const behind = (el: Element): number[] => {
      const layers: [number, number, number, number][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let shown = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) shown = [r * a + shown[0] * (1 - a), g * a + shown[1] * (1 - a), b * a + shown[2] * (1 - a)];
      return shown;
    };
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const named = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.getAttribute('role');
      return `${el.tagName.toLowerCase()}.${[...el.classList].find((c) => c.startsWith('mantine-')) ?? ''}${id ? `[${id}]` : ''}`;
    };
    const backgrounds: [string, number][] = [['body', luminance(behind(document.body))]];
    for (const [label, selector] of [
      ['header', '.mantine-AppShell-header'],
      ['navbar', '.mantine-AppShell-navbar'],
      ['main', '.mantine-AppShell-main'],
    ]) {
      const el = document.querySelector(selector);
      if (el) backgrounds.push([label, luminance(behind(el))]);
    }
    for (const el of document.querySelectorAll('.mantine-Paper-root, [role=dialog], table, [role=grid]')) {
      if (visible(el)) backgrounds.push([named(el), luminance(behind(el))]);
    }
    return { scheme: document.documentElement.getAttribute('data-mantine-color-scheme'), backgrounds, text: luminance(rgba(getComputedStyle(document.body).color)) };
  });
}

/** Dark backgrounds are darker than this (Mantine's dark body is 0.02), light ones lighter than LIGHT (white is 1). */
const DARK = 0.1;
const LIGHT = 0.7;

/**
 * Fails unless the page shows `scheme`: the attribute says so, every background shownColours
 * measures is dark (light) and the text is light (dark). Polled, so a change still being drawn is
 * waited for, not raced.
 */
export async function expectColourScheme(page: Page, scheme: Scheme): Promise<void> {
  const wrong = async () => {
    const shown = await shownColours(page);
    const problems: string[] = [];
    if (shown.scheme !== scheme) problems.push(`data-mantine-color-scheme is ${shown.scheme}`);
    for (const [what, l] of shown.backgrounds) if (scheme === 'dark' ? l >= DARK : l <= LIGHT) problems.push(`${what} background luminance ${l.toFixed(3)}`);
    if (scheme === 'dark' ? shown.text <= 0.3 : shown.text >= 0.1) problems.push(`body text luminance ${shown.text.toFixed(3)}`);
    return problems;
  };
  await expect.poll(wrong, { message: `the page is not ${scheme}` }).toEqual([]);
}

/**
 * Switches with the app's own toggle (when it is not already showing `scheme`), moves the mouse
 * off it so its tooltip is gone, and checks the page really is in that scheme.
 */
export async function switchColourScheme(page: Page, scheme: Scheme): Promise<void> {
  const toggle = page.getByRole('button', { name: `Switch to ${scheme} theme` });
  if (await toggle.isVisible()) await toggle.click();
  await page.mouse.move(700, 890);
  await page.getByRole('tooltip').waitFor({ state: 'hidden' });
  await expectColourScheme(page, scheme);
}

/**
 * Screenshots of the current screen in the light and the dark theme into
 * test-results/screens/<name>-light.png and -dark.png, each after checking the screen really shows
 * that theme (expectColourScheme); leaves the page in the light theme. The app's own toggle is
 * used when it can be clicked; with a dialog open (its overlay covers the toggle) the scheme
 * attribute Mantine's CSS keys on is set directly, which is all the toggle changes visually.
 */
export async function screenshotBothThemes(app: E2eApp, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const { page } = app;
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  const setScheme = async (scheme: Scheme) => {
    if (!dialogOpen) return switchColourScheme(page, scheme);
    await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
    await expectColourScheme(page, scheme);
  };
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(scheme);
    await page.screenshot({ path: path.join(app.screenshotDir, `${name}-${scheme}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled' });
  }
  await setScheme('light');
}

/** What the page's own formatter shows for an ISO date (the browser's locale decides). */
export function pageDate(app: E2eApp, iso: string): Promise<string> {
  return app.page.evaluate((d) => {
    const [y, m, day] = d.split('-').map(Number);
    return new Date(y, m - 1, day).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  }, iso);
}

/** A text from the core (a flag's message, an error) as the page shows it: each ISO date in the page's own format (format.ts formatDatesIn). */
export async function pageDatesIn(app: E2eApp, text: string): Promise<string> {
  let out = text;
  for (const iso of new Set(text.match(/(?<![\w.-])\d{4}-\d{2}-\d{2}(?![\w-]|\.\d)/g) ?? [])) {
    // Only a real calendar date is reworded: "2025-02-30 is not a real date" keeps its text.
    const t = Date.parse(`${iso}T00:00:00Z`);
    const real = !Number.isNaN(t) && new Date(t).toISOString().startsWith(iso);
    if (real) out = out.split(iso).join(await pageDate(app, iso));
  }
  return out;
}
