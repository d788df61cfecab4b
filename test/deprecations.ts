/**
 * Setup for every test file: node-postgres 8 still runs a query asked of a client busy with another,
 * queued, but warns that pg 9 will refuse it. Here that warning fails the run, so no code path comes
 * to rely on it unseen (an office-mode path did once; its warning scrolled by in the e2e output).
 */
process.on('warning', (warning) => {
  if (warning.name === 'DeprecationWarning' && /already executing a query/.test(warning.message))
    throw new Error(`node-postgres: a query was asked of a client still running another (pg 9 refuses this): ${warning.stack ?? warning.message}`);
});
