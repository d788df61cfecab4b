import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { AuditLogPanel } from '../components/settings/AuditLogPanel';
import { BackupsPanel } from '../components/settings/BackupsPanel';
import { DemoCohortPanel } from '../components/settings/DemoCohortPanel';
import { OfficeDatabasePanel } from '../components/settings/OfficeDatabasePanel';
import { ReferenceFactsPanel } from '../components/settings/ReferenceFactsPanel';
import { navigate, type Route } from '../router';

const TABS = ['reference', 'backups', 'audit', 'office'] as const;

/** Settings: the reference facts the rules use (with sources and dates), backups (and removing the demo cohort), the audit log, and the office database. */
export function SettingsPage({ route }: { route: Route }) {
  // The demo's removal takes a backup: the list above it is read again.
  const [removals, setRemovals] = useState(0);
  const tab = (TABS as readonly string[]).includes(route.params.get('tab') ?? '') ? route.params.get('tab')! : 'reference';
  return (
    <Stack>
      <Title order={1}>Settings</Title>
      <Tabs value={tab} onChange={(t) => navigate('/settings', { tab: t ?? 'reference' })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="reference">Reference facts</Tabs.Tab>
          <Tabs.Tab value="backups">Backups</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
          <Tabs.Tab value="office">Office database</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reference" pt="md">
          <ReferenceFactsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="backups" pt="md">
          <Stack gap="md">
            <BackupsPanel key={removals} />
            <DemoCohortPanel onRemoved={() => setRemovals((r) => r + 1)} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLogPanel route={route} />
        </Tabs.Panel>
        <Tabs.Panel value="office" pt="md">
          <OfficeDatabasePanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
