/** The setup's guard (test/deprecations.ts) is live: a client asked a second query while busy fails the run. */
import { expect, it } from 'vitest';

it('turns node-postgres’s busy-client warning into an error', () => {
  const listeners = process.listeners('warning');
  const warning = Object.assign(new Error('Calling client.query() when the client is already executing a query is deprecated'), { name: 'DeprecationWarning' });
  expect(() => listeners.forEach((l) => (l as (w: Error) => void)(warning))).toThrow(/pg 9 refuses this/);
  // Any other warning passes.
  expect(() => listeners.forEach((l) => (l as (w: Error) => void)(Object.assign(new Error('something else'), { name: 'DeprecationWarning' })))).not.toThrow();
});
