#!/usr/bin/env node
/**
 * Electron security scan of the built app (`npm run build` → out/) with Doyensec's Electronegativity.
 * Fails (exit 1) on any HIGH-severity finding that is not on the allow-list below; prints every
 * finding, writes them as CSV (for people) and JSON (for machines) under test-results/.
 *
 *   npm exec -- node test/security/electronegativity.cjs [--input out] [--report-dir test-results]
 *
 * Two things the installed package needs help with, handled here instead of patching node_modules:
 * - Its hoisted @typescript-eslint/typescript-estree requires `typescript` and gets our TypeScript 7,
 *   which it cannot drive; the package ships TypeScript 4.2.4 in its own node_modules, so every
 *   require('typescript') is resolved to that copy.
 * - It calls out to the network (translations from S3, Electron's release list from GitHub). Stepwise's
 *   checks run offline and must not depend on a third-party server, so `got` is replaced by a stub
 *   that fails at once; the package treats that as "no connectivity" and carries on. The one check
 *   that needs the release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) is therefore excluded: the
 *   Electron version is pinned in package.json and upgraded deliberately.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..', '..');
const pkgDir = path.join(root, 'node_modules', '@doyensec', 'electronegativity');
const ownTypeScript = path.join(pkgDir, 'node_modules', 'typescript');

/**
 * Findings judged false positives, each with the reason. Matched on check ID and file (relative to
 * the scanned folder); a HIGH finding not listed here fails the scan.
 */
const ALLOW = [
  // (none yet: keep this list short and explain every entry)
];

function parseArgs(argv) {
  const out = { input: path.join(root, 'out'), reportDir: path.join(root, 'test-results') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input') out.input = path.resolve(argv[++i]);
    else if (argv[i] === '--report-dir') out.reportDir = path.resolve(argv[++i]);
    else {
      process.stderr.write(`electronegativity: unknown option ${argv[i]}\nUsage: node test/security/electronegativity.cjs [--input DIR] [--report-dir DIR]\n`);
      process.exit(2);
    }
  }
  return out;
}

function redirectRequires() {
  if (!fs.existsSync(path.join(ownTypeScript, 'package.json'))) throw new Error(`expected Electronegativity's own TypeScript at ${ownTypeScript}`);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === 'typescript') return resolve.call(this, ownTypeScript, parent, ...rest);
    return resolve.call(this, request, parent, ...rest);
  };
  const offline = () => Promise.reject(new Error('network disabled for the Stepwise security scan'));
  offline.head = offline;
  offline.get = offline;
  const gotPath = require.resolve('got', { paths: [pkgDir] });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
}

function csvCell(v) {
  const s = String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function main() {
  const { input, reportDir } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(input, 'main')) || !fs.existsSync(path.join(input, 'renderer', 'index.html'))) {
    process.stderr.write(`electronegativity: no built app in ${input}; run npm run build first\n`);
    return 2;
  }
  redirectRequires();
  const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
  const run = require(pkgDir);
  // Quieten the package's own console chatter ("Could not retrieve updated translations", etc.).
  const log = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run({
      input,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }

  const findings = result.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file,
    line: i.location?.line ?? null,
    column: i.location?.column ?? null,
    sample: String(i.sample ?? '').slice(0, 200),
    description: i.description,
    manualReview: Boolean(i.manualReview),
    allowed: ALLOW.find((a) => a.id === i.id && (a.file === undefined || a.file === i.file))?.reason ?? null,
  }));
  const parseErrors = result.errors.filter((e) => !e.tolerable);

  fs.mkdirSync(reportDir, { recursive: true });
  const columns = ['severity', 'confidence', 'id', 'file', 'line', 'column', 'manualReview', 'allowed', 'description'];
  fs.writeFileSync(path.join(reportDir, 'electronegativity.csv'), [columns.join(','), ...findings.map((f) => columns.map((c) => csvCell(f[c])).join(','))].join('\n') + '\n');
  fs.writeFileSync(path.join(reportDir, 'electronegativity.json'), JSON.stringify({ electronVersion, checks: result.atomicChecks + result.globalChecks, findings, parseErrors }, null, 2));

  const order = { HIGH: 0, MEDIUM: 1, LOW: 2, INFORMATIONAL: 3 };
  findings.sort((a, b) => order[a.severity] - order[b.severity] || a.id.localeCompare(b.id));
  for (const f of findings)
    log(`${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id}  ${f.file}${f.line ? `:${f.line}` : ''}${f.allowed ? `  [allowed: ${f.allowed}]` : ''}`);
  for (const e of parseErrors) log(`PARSE ERROR   ${e.file}: ${e.message}`);

  const blocking = findings.filter((f) => f.severity === 'HIGH' && !f.allowed);
  log(`electronegativity ${require(path.join(pkgDir, 'package.json')).version} on ${path.relative(root, input) || '.'} (Electron ${electronVersion}): ${result.atomicChecks + result.globalChecks} checks, ${findings.length} findings, ${blocking.length} high-severity not allowed, ${parseErrors.length} files not parsed`);
  // A file the scanner could not read was not checked at all: that is a failure too.
  return blocking.length > 0 || parseErrors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`electronegativity: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
