import { ActionIcon, AppShell, Group, Loader, NavLink, Text, Title, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { Suspense } from 'react';
import { FirstRunName } from './components/FirstRunName';
import { PAGES } from './routes';
import { href, useRoute } from './router';

export function App() {
  const route = useRoute();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const page = PAGES.find((p) => p.path === route.path) ?? PAGES.find((p) => route.path.startsWith(`${p.path}/`) && p.path !== '/') ?? PAGES[0];
  const Page = page.component;
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={3}>Stepwise</Title>
            <Text c="dimmed" fz="sm">
              exam tracking for advising offices
            </Text>
          </Group>
          <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            >
              {scheme === 'dark' ? '☀' : '☾'}
            </ActionIcon>
          </Tooltip>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {PAGES.filter((p) => p.label).map((p) => (
          <NavLink key={p.path} href={href(p.path)} label={p.label} active={p === page} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label="Opening the page" />}>
          <Page route={route} />
        </Suspense>
      </AppShell.Main>
      <FirstRunName />
    </AppShell>
  );
}
