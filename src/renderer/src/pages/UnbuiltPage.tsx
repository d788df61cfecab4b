import { Alert } from '@mantine/core';
import type { Route } from '../router';

/** Shown for a screen that has not been built yet, so the navigation never leads to a blank page. */
export function UnbuiltPage({ route }: { route: Route }) {
  return (
    <Alert title="Not available yet" color="gray" maw={600}>
      The {route.path} screen is not part of this build yet. The command line (`stepwise --help`) covers it meanwhile.
    </Alert>
  );
}
