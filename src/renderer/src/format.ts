/**
 * The one way the UI writes dates and numbers: the user's locale (the browser's, or the desktop's
 * in Electron), never a time-zone shift for a calendar date.
 *
 * Where ISO dates stay ISO: everything machine-facing. The database, `stepwise flags --json`,
 * import files and error messages on the command line, and the committee workbook (its date cells
 * carry a yyyy-mm-dd format a spreadsheet re-formats as its user likes). Flag messages and error
 * messages are written once, in the core, with ISO dates in them; the UI passes every such text
 * through `formatDatesIn` before a person reads it, so the screens, the printed summary and the
 * messages on them all show one format.
 */

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const INSTANT_OPTIONS: Intl.DateTimeFormatOptions = { ...DATE_OPTIONS, hour: '2-digit', minute: '2-digit' };

/**
 * One formatter each, made on first use: `toLocaleDateString(locale, options)` builds a new one at
 * every call, and a roster page of dates spent most of its formatting time doing that. The output is
 * the same (the same locale and options).
 */
let dates: Intl.DateTimeFormat | null = null;
let instants: Intl.DateTimeFormat | null = null;
// A formatter throws on an invalid date where toLocaleDateString said "Invalid Date": kept so.
const dateText = (date: Date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : (dates ??= new Intl.DateTimeFormat(undefined, DATE_OPTIONS)).format(date));

/** A calendar date, as YYYY-MM-DD is stored: "Nov 26, 2026" (en-US), "26 Nov 2026" (en-GB). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return dateText(new Date(y, m - 1, d));
}

/** An instant (ISO timestamp, as the audit log and backups record it) in the user's locale and time zone. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : (instants ??= new Intl.DateTimeFormat(undefined, INSTANT_OPTIONS)).format(d);
}

/** A month (YYYY-MM, as the dashboard's monthly series key it): "Nov 2026". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
}

/** A day of the year without its year (MM-DD, as yearly settings store it): "July 31". */
export function formatMonthDay(monthDay: string): string {
  const [m, d] = monthDay.split('-').map(Number);
  return new Date(2001, m - 1, d).toLocaleDateString(undefined, { month: 'long', day: 'numeric' });
}

/** A real calendar date written YYYY-MM-DD, standing alone (not part of a file name or a longer number). */
const ISO_DATE = /(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\w-]|\.\d)/g;

/** A text from the core (a flag's message, an error) with each ISO date in it written as `formatDate` writes it. */
export function formatDatesIn(text: string): string {
  return text.replace(ISO_DATE, (match, y: string, m: string, d: string) => {
    const date = new Date(Number(y), Number(m) - 1, Number(d));
    const real = date.getFullYear() === Number(y) && date.getMonth() === Number(m) - 1 && date.getDate() === Number(d);
    return real ? dateText(date) : match;
  });
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString();
}
