import type { ComponentType } from 'react';
import { DashboardPage } from './pages/DashboardPage';
import { ImportPage } from './pages/ImportPage';
import { ReportsPage } from './pages/ReportsPage';
import { RosterPage } from './pages/RosterPage';
import { RosterPrintPage } from './pages/RosterPrintPage';
import { SettingsPage } from './pages/SettingsPage';
import { SpecialtiesPage } from './pages/SpecialtiesPage';
import { StudentPage } from './pages/StudentPage';
import { StudentSummaryPage } from './pages/StudentSummaryPage';
import type { Route } from './router';

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
