import { Text } from '@mantine/core';

// Replaced by the full panel; until then the tab says so rather than showing nothing.
export function BackupsPanel() {
  return <Text c="dimmed">This panel is not built yet.</Text>;
}
