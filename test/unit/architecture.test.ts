import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layering ARCHITECTURE.md asks for, checked on every source file's imports. */
const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('architecture', () => {
  it('src/shared runs anywhere: no node:*, electron, React, DOM-only or database imports', () => {
    for (const file of sources('src/shared')) {
      for (const spec of importsOf(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(node:|electron|react|react-dom|@mantine|better-sqlite3|exceljs|fs|path|os|child_process)(\/|$)/);
        expect(spec, `${file} imports ${spec}`).not.toMatch(/\/(main|renderer)\//);
      }
    }
  });

  it('src/main knows nothing of React, and only src/main/electron touches electron', () => {
    for (const file of sources('src/main')) {
      for (const spec of importsOf(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(react|react-dom|@mantine)(\/|$)/);
        expect(spec, `${file} imports ${spec}`).not.toMatch(/\/renderer\//);
        if (!file.startsWith(path.join('src', 'main', 'electron'))) expect(spec, `${file} imports ${spec}`).not.toMatch(/^electron(\/|$)/);
      }
    }
  });

  it('the renderer never touches SQLite, Node or the main process', () => {
    for (const file of sources('src/renderer')) {
      for (const spec of importsOf(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(node:|better-sqlite3|electron|fs|path|child_process|exceljs)(\/|$)/);
        expect(spec, `${file} imports ${spec}`).not.toMatch(/\/main\//);
      }
    }
  });
});
