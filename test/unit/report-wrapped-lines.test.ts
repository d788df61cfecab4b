/**
 * `wrappedLines` (the row heights of the committee workbook's wrapped text) walks the characters
 * once instead of splitting into lines and words. It must give the same count as the split-based
 * original, kept here as the reference, for every text: spaces doubled, leading or trailing,
 * blank lines, words longer than the cell, cells narrower than one character.
 */
import { describe, expect, it } from 'vitest';
import { wrappedLines } from '../../src/main/reports/styles';

function reference(text: string, width: number): number {
  const room = Math.max(1, Math.floor(width));
  let lines = 0;
  for (const line of text.split('\n')) {
    lines++;
    let used = 0;
    for (const word of line.split(' ')) {
      if (used > 0 && used + 1 + word.length <= room) {
        used += 1 + word.length;
        continue;
      }
      if (used > 0) lines++;
      lines += Math.max(1, Math.ceil(word.length / room)) - 1;
      used = word.length % room || Math.min(room, word.length);
    }
  }
  return lines;
}

/** A small deterministic generator (mulberry32), so a failure names a text that can be run again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('wrappedLines', () => {
  it('counts the lines of hand-picked texts as the split-based original does', () => {
    const texts = ['', ' ', '  ', '\n', '\n\n', 'a', 'word', ' leading', 'trailing ', 'two  spaces', 'a\nb', 'line\n', '\nline', 'x'.repeat(95), `${'y'.repeat(30)} z`, 'Step 1 failed 3 times (2024-04-17; 2024-08-09; 2024-10-20); not passed as of 2026-05-01'];
    for (const text of texts) for (const width of [0, 0.5, 1, 2, 7.9, 12, 30, 60, 200]) expect(wrappedLines(text, width), JSON.stringify({ text, width })).toBe(reference(text, width));
  });

  it('counts the lines of 20,000 random texts as the split-based original does', () => {
    const next = random(2026);
    const pieces = [' ', ' ', ' ', '\n', 'a', 'ab', 'word', 'longer-word', 'x'.repeat(17), 'é', '—', '😀'];
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const parts = Math.floor(next() * 40);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(next() * pieces.length)];
      const width = next() < 0.1 ? next() * 2 : 1 + next() * 60;
      expect(wrappedLines(text, width), JSON.stringify({ text, width })).toBe(reference(text, width));
    }
  });
});
