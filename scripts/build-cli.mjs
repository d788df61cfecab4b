// Builds the `stepwise` command into out/cli/: src/main/cli.ts and the committee report's worker
// thread, bundled as ES modules for Node 22, packages left in node_modules. Each command's code is
// a chunk of its own, loaded when that command runs, so `stepwise --help` loads almost nothing.
// Run by `npm install` (prepare), `npm run build` and before the tests; bin/stepwise.js runs the
// sources through tsx instead whenever a source file is newer than this build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'cli');

export async function buildCli() {
  const staging = `${outdir}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { stepwise: 'src/main/cli.ts', 'report-worker': 'src/main/reports/report-worker.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  // What the build was made from: bin/stepwise.js compares their times with the build's.
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
  fs.writeFileSync(path.join(staging, 'inputs.json'), JSON.stringify(inputs));
  // Swapped in whole: a command started meanwhile sees the old build or the new one, never half of each.
  const old = `${outdir}.${process.pid}.old`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });
  return { files: fs.readdirSync(outdir).length, inputs: inputs.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildCli();
  console.log(`stepwise command built into out/cli (${r.inputs} source files)`);
}
