/**
 * Every screen of the app, as the browser tests that visit them all (accessibility.test.ts,
 * dates-and-words.test.ts) reach it: its route in src/renderer/src/routes.tsx, the address that
 * shows it with data (a student, an as-of date), and what shows it has its data (not a loader).
 * The Settings tabs are screens of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Screen {
  name: string;
  path: string;
  hash: () => string;
  /** What shows the screen has its data (not a loader). */
  ready: (page: Page) => Promise<unknown>;
}

const heading = (page: Page) => page.locator('h1').first().waitFor();
const noLoaders = (page: Page) => expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0);

/** The screens, for a student who has practice results and an as-of date. */
export function appScreens(studentId: () => string, AS_OF: string): Screen[] {
  return [
    { name: 'dashboard', path: '/', hash: () => `#/?asOf=${AS_OF}`, ready: async (p) => (await p.getByTestId('chart-ck-by-specialty').locator('.recharts-bar-rectangle').first().waitFor(), noLoaders(p)) },
    { name: 'roster', path: '/roster', hash: () => '#/roster', ready: (p) => p.getByRole('row').nth(2).waitFor() },
    { name: 'student', path: '/student', hash: () => `#/student?id=${studentId()}&asOf=${AS_OF}`, ready: async (p) => (await p.locator('.recharts-line-curve').first().waitFor(), noLoaders(p)) },
    { name: 'roster-print', path: '/roster/print', hash: () => '#/roster/print', ready: (p) => p.getByTestId('roster-sheet').locator('tbody tr').first().waitFor() },
    { name: 'import', path: '/import', hash: () => '#/import', ready: heading },
    { name: 'reports', path: '/reports', hash: () => '#/reports', ready: noLoaders },
    { name: 'student-summary', path: '/student/summary', hash: () => `#/student/summary?id=${studentId()}&asOf=${AS_OF}`, ready: (p) => p.getByTestId('summary-sheet').waitFor() },
    { name: 'specialties', path: '/specialties', hash: () => '#/specialties', ready: async (p) => (await p.getByRole('table').first().waitFor(), noLoaders(p)) },
    { name: 'settings-reference', path: '/settings', hash: () => '#/settings?tab=reference', ready: (p) => p.locator('tr[data-fact]').first().waitFor() },
    { name: 'settings-backups', path: '/settings', hash: () => '#/settings?tab=backups', ready: noLoaders },
    { name: 'settings-audit', path: '/settings', hash: () => '#/settings?tab=audit', ready: async (p) => (await p.getByRole('table').first().waitFor(), noLoaders(p)) },
  ];
}

/** The route paths routes.tsx declares, read from the file itself (a new screen shows up here). */
export function declaredRoutes(): string[] {
  const file = path.resolve(import.meta.dirname, '../../src/renderer/src/routes.tsx');
  return [...fs.readFileSync(file, 'utf8').matchAll(/\{\s*path:\s*'([^']+)'/g)].map((m) => m[1]);
}
