/** Builds the `stepwise` command into out/cli (scripts/build-cli.mjs). */
export function buildCli(): Promise<{ files: number; inputs: number }>;
