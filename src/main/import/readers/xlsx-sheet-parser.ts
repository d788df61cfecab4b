/**
 * A worksheet's XML read into rows in the reading thread (xlsx-worker.ts), in place of exceljs's
 * WorksheetReader. exceljs parses every tag with saxes into event objects and builds a Row, a Cell
 * and a value object per cell: at 100,000 students that is most of the import's reading time and
 * a third of it garbage collection (node --cpu-prof, 2026-12-05). This reads the same XML with a
 * plain scan and keeps exceljs's own state machine (stream/xlsx/worksheet-reader.js, 4.4.0) rule
 * for rule, so every cell gets the value exceljs gives it:
 *
 * - text goes to the last <f>, <v>, <is> or <t> opened inside the current <c> (whitespace
 *   included; an <is> holding runs keeps only its last <t>, as exceljs does), entities decoded
 *   and line ends normalised as saxes does; CDATA, comments and processing instructions give no text;
 * - a formula is { formula, result } with a falsy result dropped (exceljs's FormulaValue), an empty
 *   formula keeps its object as it is; t="s" looks up the shared strings, "str"/"inlineStr" are
 *   xmlDecode'd (again, as exceljs does), "e" is { error }, "b" a boolean, anything else parseFloat;
 * - a cell's style is set only by a non-zero s that the style table knows; a cell given twice keeps
 *   its earlier value or style where the later one has none;
 * - exceljs's own column-cache functions decode unusual cell references and raise the same errors
 *   for impossible ones; tags must nest (saxes refuses a stray close tag too).
 *
 * Two differences, both where exceljs is wrong: a UTF-8 character split between two inflated chunks is
 * decoded whole (exceljs decodes each chunk alone and gets two replacement characters), and an entity
 * saxes does not know is refused with this module's own message.
 *
 * Plain JavaScript as text, like the worker's own code (no build step, no TypeScript loader in the
 * thread). It defines `createSheetParser({ sharedStrings, styles, utils, colCache, onRow })`, whose
 * `write(text)` takes the sheet's XML piece by piece and calls `onRow(number, width, values, styles)` at each </row>
 * (values[i] and styles[i] for column i + 1; a value is undefined where exceljs made no cell).
 */
export const SHEET_PARSER_SOURCE = String.raw`
function createSheetParser(options) {
  const sharedStrings = options.sharedStrings || [];
  const styles = options.styles;
  const utils = options.utils;
  const colCache = options.colCache;
  const onRow = options.onRow;

  // exceljs's parse state (worksheet-reader.js).
  let inRows = false;
  let rowOpen = false;
  let rowNumber = NaN;
  let rowPlain = false;
  let cOpen = false;
  let cRef;
  let cS = NaN;
  let cT;
  let hasF = false;
  let hasV = false;
  let fText = '';
  let vText = '';
  // Where text goes: 1 the open cell's <f>, 2 its <v> (or <is>/<t>), 0 nowhere that is read again.
  let target = 0;
  // The row's cells: made[i] once exceljs would have created cell i + 1.
  let values = [];
  let cellStyles = [];
  let made = [];
  let width = 0;
  const stack = [];
  let pending = '';

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  function decode(raw) {
    let s = raw;
    if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
    if (s.indexOf('&') < 0) return s;
    return s.replace(/&([^;&<]*);|&/g, (m, name) => {
      if (name === undefined) throw new Error('disallowed character in entity name');
      if (name.charCodeAt(0) === 35) {
        const code = name.charCodeAt(1) === 120 ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (!/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) || !(code >= 1 && code <= 0x10ffff)) throw new Error('malformed character entity: ' + m);
        return String.fromCodePoint(code);
      }
      const v = ENTITIES[name];
      if (v === undefined) throw new Error('undefined entity: ' + m);
      return v;
    });
  }
  function attribute(raw) {
    // Attribute-value normalisation: line ends, tabs and newlines become spaces.
    let plain = true;
    for (let k = 0; k < raw.length; k++) {
      const ch = raw.charCodeAt(k);
      if (ch === 38 || ch === 9 || ch === 10 || ch === 13) {
        plain = false;
        break;
      }
    }
    if (plain) return raw;
    const s = raw.replace(/\r\n/g, ' ').replace(/[\t\n\r]/g, ' ');
    return s.indexOf('&') < 0 ? s : decode(s);
  }

  const xmlDecode = (s) => (s.indexOf('&') < 0 ? s : utils.xmlDecode(s));

  function valueOfCell() {
    if (hasF) {
      const model = { formula: fText };
      if (hasV) model.result = cT === 'str' ? xmlDecode(vText) : parseFloat(vText);
      // A formula cell (FormulaValue) keeps only truthy parts; an empty formula is exceljs's JSON value, the object itself.
      if (!fText) return model;
      const copy = { formula: fText };
      if (model.result) copy.result = model.result;
      return copy;
    }
    switch (cT) {
      case 's': {
        const v = sharedStrings[parseInt(vText, 10)];
        return v === undefined ? null : v;
      }
      case 'inlineStr':
      case 'str':
        return xmlDecode(vText);
      case 'e':
        return { error: vText };
      case 'b':
        return parseInt(vText, 10) !== 0;
      default:
        return parseFloat(vText);
    }
  }

  /** The column of a plain reference (letters then digits, as every writer writes it), or 0 for exceljs's decoder to read. */
  function plainColumn(ref) {
    if (typeof ref !== 'string') return 0;
    const n = ref.length;
    let col = 0;
    let i = 0;
    for (; i < n; i++) {
      const ch = ref.charCodeAt(i);
      if (ch < 65 || ch > 90) break;
      col = col * 26 + ch - 64;
    }
    if (i === 0 || i === n || col > 16384) return 0;
    for (let j = i; j < n; j++) {
      const ch = ref.charCodeAt(j);
      if (ch < 48 || ch > 57) return 0;
    }
    return col;
  }

  function closeCell() {
    let col = plainColumn(cRef);
    const plain = col > 0;
    if (!plain) col = colCache.decodeAddress(cRef).col;
    const i = col - 1;
    if (!made[i]) {
      // exceljs's Row.getCell creates the cell: its address must be one (a row number of digits, a column 1-16384).
      if (!(plain && rowPlain)) colCache.validateAddress(colCache.encodeAddress(rowNumber, col));
      made[i] = true;
      values[i] = null;
      cellStyles[i] = undefined;
      if (col > width) width = col;
    }
    if (cS) {
      const style = styles[cS];
      if (style) cellStyles[i] = style;
    }
    if (hasF || hasV) values[i] = valueOfCell();
  }

  function open(name, attrs) {
    switch (name) {
      case 'sheetData':
        inRows = true;
        break;
      case 'row':
        if (inRows) {
          rowNumber = parseInt(attrs.r, 10);
          rowPlain = Number.isInteger(rowNumber) && rowNumber >= 0 && rowNumber < 1e21;
          rowOpen = true;
          values = [];
          cellStyles = [];
          made = [];
          width = 0;
        }
        break;
      case 'c':
        if (rowOpen) {
          cOpen = true;
          cRef = attrs.r;
          cS = parseInt(attrs.s, 10);
          cT = attrs.t;
          hasF = false;
          hasV = false;
          target = 0;
        }
        break;
      case 'f':
        if (cOpen) {
          hasF = true;
          fText = '';
          target = 1;
        }
        break;
      case 'v':
      case 'is':
      case 't':
        if (cOpen) {
          hasV = true;
          vText = '';
          target = 2;
        }
        break;
      default:
        break;
    }
  }

  function close(name) {
    switch (name) {
      case 'sheetData':
        inRows = false;
        break;
      case 'row': {
        // exceljs hands on a row that was never opened as null, which its reader cannot read.
        if (!rowOpen) throw new TypeError("Cannot read properties of null (reading '_cells')");
        // values[i] is undefined for a cell never made, null for one made without a value.
        onRow(rowNumber, width, values, cellStyles);
        rowOpen = false;
        break;
      }
      case 'c':
        if (rowOpen && cOpen) {
          closeCell();
          cOpen = false;
          target = 0;
        }
        break;
      default:
        break;
    }
  }

  const NO_ATTRIBUTES = {};

  function hasAmpersand(s, from, to) {
    for (let k = from; k < to; k++) if (s.charCodeAt(k) === 38) return true;
    return false;
  }

  function isSpace(ch) {
    return ch === 32 || ch === 10 || ch === 9 || ch === 13;
  }

  /** Reads markup and text from s; returns where the unread rest begins (an unfinished tag, or text not yet ended by a tag). */
  function scan(s) {
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) return i;
      if (lt > i && stack.length > 0 && target !== 0) {
        const text = decode(s.slice(i, lt));
        if (target === 1) fText += text;
        else vText += text;
      } else if (lt > i && stack.length > 0 && hasAmpersand(s, i, lt)) {
        decode(s.slice(i, lt)); // saxes refuses a bad entity wherever it is
      }
      if (lt + 1 >= n) return lt;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47) {
        // </name>
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) return lt;
        const top = stack.pop();
        // The usual case, </top> exactly, without cutting a new string out of the text.
        const exact = top !== undefined && gt === lt + 2 + top.length && s.startsWith(top, lt + 2);
        const name = exact ? top : s.slice(lt + 2, gt).trim();
        if (top !== name) throw new Error('unexpected close tag </' + name + '>' + (top === undefined ? '' : ' (open: <' + top + '>)'));
        close(name);
        i = gt + 1;
        continue;
      }
      if (c1 === 33) {
        // <!-- -->, <![CDATA[ ]]> (saxes's cdata, which exceljs does not listen to), <!DOCTYPE>
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) return lt;
          i = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) return lt;
          i = end + 3;
        } else {
          if (lt + 9 > n) return lt;
          const bracket = s.indexOf('[', lt);
          const gt = s.indexOf('>', lt);
          if (gt < 0) return lt;
          if (bracket >= 0 && bracket < gt) {
            const end = s.indexOf(']', bracket);
            const close = end < 0 ? -1 : s.indexOf('>', end);
            if (close < 0) return lt;
            i = close + 1;
          } else i = gt + 1;
        }
        continue;
      }
      if (c1 === 63) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) return lt;
        i = end + 2;
        continue;
      }
      // <name attr="value" ...> or <name .../>
      let j = lt + 1;
      while (j < n) {
        const ch = s.charCodeAt(j);
        if (ch === 62 || ch === 47 || isSpace(ch)) break;
        j++;
      }
      if (j >= n) return lt;
      const name = s.slice(lt + 1, j);
      const wanted = name === 'c' || name === 'row';
      let attrs = NO_ATTRIBUTES;
      if (wanted) attrs = {};
      let selfClosing = false;
      let done = false;
      while (j < n) {
        const ch = s.charCodeAt(j);
        if (isSpace(ch)) {
          j++;
          continue;
        }
        if (ch === 62) {
          done = true;
          j++;
          break;
        }
        if (ch === 47) {
          if (j + 1 >= n) break;
          if (s.charCodeAt(j + 1) !== 62) throw new Error('forward-slash in opening tag not followed by >');
          selfClosing = true;
          done = true;
          j += 2;
          break;
        }
        const eq = s.indexOf('=', j);
        if (eq < 0) break;
        const attrName = s.slice(j, eq).trim();
        let q = eq + 1;
        while (q < n && isSpace(s.charCodeAt(q))) q++;
        if (q >= n) break;
        const quote = s.charCodeAt(q);
        if (quote !== 34 && quote !== 39) throw new Error('unquoted attribute value');
        const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (end < 0) break;
        if (wanted && attrs[attrName] === undefined) attrs[attrName] = attribute(s.slice(q + 1, end));
        else if (hasAmpersand(s, q + 1, end)) attribute(s.slice(q + 1, end));
        j = end + 1;
      }
      if (!done) return lt;
      open(name, attrs);
      if (selfClosing) close(name);
      else stack.push(name);
      i = j;
    }
    return n;
  }

  return {
    write(text) {
      const s = pending.length ? pending + text : text;
      const rest = scan(s);
      pending = rest < s.length ? s.slice(rest) : '';
    },
  };
}
`;
