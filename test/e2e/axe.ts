/**
 * axe-core over the page as a person sees it, for the accessibility checks (accessibility.test.ts,
 * office-imports.test.ts). axe is put in once per document: the app's Content-Security-Policy
 * (script-src 'self') rightly refuses an inline <script>, so the source is evaluated through the
 * DevTools protocol instead, which the policy does not govern, leaving the page's own policy as it ships.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Every finite CSS transition and animation on the page run to its end, as the browser reports it: a
 * colour or a sliding indicator measured halfway (a segmented control just switched, a theme just
 * toggled) is neither the before nor the after, and its contrast is no one's. Endless ones (a
 * spinner) are left running.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/** axe's serious and critical violations on the page once it has settled. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await settled(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ') })) }));
  });
}
