import { Text } from '@mantine/core';
import type { Route } from '../../router';

// Replaced by the full panel; until then the tab says so rather than showing nothing.
export function AuditLogPanel(_props: { route: Route }) {
  return <Text c="dimmed">This panel is not built yet.</Text>;
}
