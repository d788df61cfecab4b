import type { ComponentType } from 'react';
import { RosterPage } from './pages/RosterPage';
import { SettingsPage } from './pages/SettingsPage';
import { SpecialtiesPage } from './pages/SpecialtiesPage';
import { UnbuiltPage } from './pages/UnbuiltPage';
import type { Route } from './router';

/** Every screen: its address, its navigation label (null = not in the navigation), and its component. */
export interface PageDef {
  path: string;
  label: string | null;
  component: ComponentType<{ route: Route }>;
}

export const PAGES: PageDef[] = [
  { path: '/', label: 'Dashboard', component: UnbuiltPage },
  { path: '/roster', label: 'Roster', component: RosterPage },
  { path: '/import', label: 'Import', component: UnbuiltPage },
  { path: '/reports', label: 'Reports', component: UnbuiltPage },
  { path: '/specialties', label: 'Specialties', component: SpecialtiesPage },
  { path: '/settings', label: 'Settings', component: SettingsPage },
];
