/** Builds the `stepwise` command (out/cli) before the tests, so the tests that run bin/stepwise.js run the built command, from the sources as they are now. */
import { buildCli } from '../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
