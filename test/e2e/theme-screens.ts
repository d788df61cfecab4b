import path from 'node:path';
import type { E2eApp } from './harness';

/**
 * Screenshots of the current screen in the light and the dark theme into
 * test-results/screens/<name>-light.png and -dark.png; leaves the page in the light theme. The app's
 * own toggle is used when it can be clicked; with a dialog open (its overlay covers the toggle) the
 * scheme attribute Mantine's CSS keys on is set directly, which is all the toggle changes visually.
 */
export async function screenshotBothThemes(app: E2eApp, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const { page } = app;
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  const setScheme = async (scheme: 'light' | 'dark') => {
    if (dialogOpen) await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
    else {
      const toggle = page.getByRole('button', { name: `Switch to ${scheme} theme` });
      if (await toggle.isVisible()) await toggle.click();
      // Away from the toggle, so its tooltip is not in the picture.
      await page.mouse.move(700, 890);
      await page.getByRole('tooltip').waitFor({ state: 'hidden' });
    }
    await page.locator(`html[data-mantine-color-scheme="${scheme}"]`).waitFor();
  };
  for (const scheme of ['light', 'dark'] as const) {
    await setScheme(scheme);
    await page.screenshot({ path: path.join(app.screenshotDir, `${name}-${scheme}.png`), fullPage: opts.fullPage ?? false });
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
