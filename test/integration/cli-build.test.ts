/**
 * The `stepwise` command runs its build (out/cli, scripts/build-cli.mjs; made before the tests by
 * test/global-setup.ts), falls back to the sources whenever one of them is newer than that build,
 * and starts `--help` without loading the database driver, zod or exceljs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function run(bin: string, ...args: string[]) {
  return spawnSync(NODE, [bin, ...args], { encoding: 'utf8', env: { ...process.env, STEPWISE_CLI_RUNS: '' } });
}

/** A checkout of its own: bin/ and out/cli copied, the sources and packages linked; `marker.ts` stands for a source file of the build. */
function checkout(): { root: string; marker: string } {
  const root = tempDir('stepwise-cli-build-');
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'stepwise.js'), path.join(root, 'bin', 'stepwise.js'));
  fs.cpSync(path.join(ROOT, 'out', 'cli'), path.join(root, 'out', 'cli'), { recursive: true, preserveTimestamps: true });
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(root, 'src'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
  const marker = path.join(root, 'marker.ts');
  fs.writeFileSync(marker, '');
  const built = fs.statSync(path.join(root, 'out', 'cli', 'stepwise.mjs')).mtime;
  fs.utimesSync(marker, built, new Date(built.getTime() - 60_000));
  // The marker alone stands for the sources here, so a source edited while the tests run (the sources are linked) cannot decide for it.
  fs.writeFileSync(path.join(root, 'out', 'cli', 'inputs.json'), JSON.stringify(['marker.ts']));
  return { root, marker };
}

describe('the stepwise command', () => {
  it('runs its build while every source it was built from is older, and the sources once one is newer', () => {
    const { root, marker } = checkout();
    const bin = path.join(root, 'bin', 'stepwise.js');
    const fresh = run(bin, '--version');
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toMatch(/^stepwise \d+\.\d+\.\d+ \(built, Node 2\d\./);

    const later = new Date(fs.statSync(path.join(root, 'out', 'cli', 'stepwise.mjs')).mtimeMs + 60_000);
    fs.utimesSync(marker, later, later);
    const stale = run(bin, '--version');
    expect(stale.stderr).toBe('');
    expect(stale.stdout).toMatch(/^stepwise \d+\.\d+\.\d+ \(from the sources, Node 2\d\./);

    // A source the build was made from and that is gone: the build is not trusted either.
    fs.rmSync(marker);
    expect(run(bin, '--version').stdout).toContain('(from the sources,');
    // Both paths give the same answers.
    expect(run(bin, '--help').stdout).toBe(run(path.join(ROOT, 'bin', 'stepwise.js'), '--help').stdout);
  });

  it('loads no package for --help: the commands are chunks of their own, loaded when they run', () => {
    const dir = path.join(ROOT, 'out', 'cli');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = fs.readFileSync(path.join(dir, file), 'utf8');
      // Static imports only (`import … from "x"` and `import "x"`); `import("x")` waits until called.
      for (const m of code.matchAll(/^\s*import\s+(?:[^'"()]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
        if (m[1].startsWith('./')) walk(m[1].slice(2));
        else packages.add(m[1]);
      }
    };
    walk('stepwise.mjs');
    expect(seen.size, 'the entry and the chunks it needs at start').toBeLessThan(fs.readdirSync(dir).length);
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual([]);
    // The commands themselves do load them, lazily: the walk above can see imports at all.
    const flags = fs.readdirSync(dir).find((f) => f.startsWith('flags-'))!;
    seen.clear();
    packages.clear();
    walk(flags);
    expect([...packages]).toEqual(expect.arrayContaining(['zod']));
  });
});
