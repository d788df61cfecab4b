import { lazy, type ComponentType } from 'react';
import { RosterPage } from './pages/RosterPage';
import type { Route } from './router';

/**
 * The other screens are loaded when first opened (App.tsx shows a loader meanwhile): the page's first
 * script is then the roster's and the shell's, not the charts' and every form's, and a person waits
 * less for the first screen (the script is parsed and compiled before anything is drawn).
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType<{ route: Route }>>>, name: K) => lazy(async () => ({ default: (await load())[name] }));
const DashboardPage = page(() => import('./pages/DashboardPage'), 'DashboardPage');
const ImportPage = page(() => import('./pages/ImportPage'), 'ImportPage');
const ReportsPage = page(() => import('./pages/ReportsPage'), 'ReportsPage');
const RosterPrintPage = page(() => import('./pages/RosterPrintPage'), 'RosterPrintPage');
const SettingsPage = page(() => import('./pages/SettingsPage'), 'SettingsPage');
const SpecialtiesPage = page(() => import('./pages/SpecialtiesPage'), 'SpecialtiesPage');
const StudentPage = page(() => import('./pages/StudentPage'), 'StudentPage');
const StudentSummaryPage = page(() => import('./pages/StudentSummaryPage'), 'StudentSummaryPage');

/** Every screen: its address, its navigation label (null = not in the navigation), and its component. */
export interface PageDef {
  path: string;
  label: string | null;
  component: ComponentType<{ route: Route }>;
}

export const PAGES: PageDef[] = [
  { path: '/', label: 'Dashboard', component: DashboardPage },
  { path: '/roster', label: 'Roster', component: RosterPage },
  { path: '/roster/print', label: null, component: RosterPrintPage },
  { path: '/student', label: null, component: StudentPage },
  { path: '/import', label: 'Import', component: ImportPage },
  { path: '/reports', label: 'Reports', component: ReportsPage },
  { path: '/student/summary', label: null, component: StudentSummaryPage },
  { path: '/specialties', label: 'Specialties', component: SpecialtiesPage },
  { path: '/settings', label: 'Settings', component: SettingsPage },
];
