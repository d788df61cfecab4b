import { describe, expect, it } from 'vitest';
import { writeJsonArray } from '../../src/main/cli/commands/flags';

/** What `io.stdout` would have put on the terminal: each call's text and a newline. */
function printed(items: unknown[]): { text: string; calls: number } {
  const calls: string[] = [];
  writeJsonArray({ stdout: (t) => calls.push(t) }, items);
  return { text: calls.map((c) => `${c}\n`).join(''), calls: calls.length };
}

describe('flags --json output, written a chunk at a time', () => {
  it.each([
    ['no element', []],
    ['one element', [{ studentId: 'S1', flags: [] }]],
    ['nested values and text with newlines', [{ a: [1, { b: 'x\ny' }], c: null }, 'plain', 3, { empty: {}, list: [] }]],
  ])('is exactly JSON.stringify(items, null, 2) for %s', (_name, items) => {
    expect(printed(items).text).toBe(`${JSON.stringify(items, null, 2)}\n`);
  });

  it('is exactly JSON.stringify for a cohort too large for one chunk, printed in several', () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ studentId: `S${i}`, name: `Student ${i}`, flags: [{ code: 'CK_LATE', message: 'x'.repeat(100), actions: ['a', 'b'] }] }));
    const out = printed(items);
    expect(out.calls).toBeGreaterThan(1);
    expect(out.text).toBe(`${JSON.stringify(items, null, 2)}\n`);
    expect(JSON.parse(out.text)).toEqual(items);
  });
});
