/**
 * SQLite's text semantics, for code that sorts or compares in memory what SQLite would have (the
 * office database's roster and dashboard held in memory, the committee workbook's students read
 * from PostgreSQL): the answers must be SQLite's own.
 */

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_UPPER = /[A-Z]/g;

/** SQLite's NOCASE: ASCII letters fold to lower case, every other character compares as itself. */
export function nocase(s: string): string {
  return ASCII.test(s) ? s.toLowerCase() : s.replace(ASCII_UPPER, (c) => c.toLowerCase());
}

/**
 * SQLite's BINARY order: UTF-8 bytes, which is code-point order. JavaScript's `<` compares UTF-16
 * code units, which put U+10000 and above (surrogates) before U+E000–U+FFFF: moved after them here.
 */
export function binaryCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointKey(x) - codePointKey(y);
  }
  return a.length - b.length;
}

/** A UTF-16 code unit's place in code-point order (surrogates stand for U+10000 and above). */
function codePointKey(c: number): number {
  return c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c;
}
