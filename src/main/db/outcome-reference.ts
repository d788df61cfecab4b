/**
 * The outcomes memory's reference tables (migration 0008): ERAS signal allowances per season and
 * specialty, and national match rates by CK band as the office enters them. Each write audited.
 */
import type { NationalMatchRate, SignalAllowance } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import { RATE_COLUMNS, SIGNAL_COLUMNS } from './outcomes-memory';
import type { Db } from './open';

export type StoredSignal = SignalAllowance & { id: number; version: number };
export type StoredRate = NationalMatchRate & { id: number; version: number };

export function listSignals(db: Db): StoredSignal[] {
  return db.prepare(`SELECT id, ${SIGNAL_COLUMNS}, version FROM signal_allowances ORDER BY season DESC, specialty COLLATE NOCASE`).all() as StoredSignal[];
}

export function getSignal(db: Db, id: number): StoredSignal | null {
  return (db.prepare(`SELECT id, ${SIGNAL_COLUMNS}, version FROM signal_allowances WHERE id = ?`).get(id) as StoredSignal | undefined) ?? null;
}

const signalFields = (s: SignalAllowance) => ({ season: s.season, specialty: s.specialty, gold: s.gold, silver: s.silver, signals: s.signals, source: s.source, note: s.note });

export function insertSignal(db: Db, s: SignalAllowance, who: AuditContext): StoredSignal {
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO signal_allowances (season, specialty, gold, silver, signals, source, note) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(s.season, s.specialty, s.gold, s.silver, s.signals, s.source, s.note);
  writeAudit(db, who, { action: 'insert', entity: 'signal_allowance', entityId: String(lastInsertRowid), newValue: signalFields(s) });
  return getSignal(db, Number(lastInsertRowid))!;
}

export function updateSignal(db: Db, before: StoredSignal, after: SignalAllowance, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'signal_allowance', String(before.id), signalFields(before), signalFields(after));
  if (changed.length)
    db.prepare(`UPDATE signal_allowances SET season = ?, specialty = ?, gold = ?, silver = ?, signals = ?, source = ?, note = ? WHERE id = ?`).run(
      after.season,
      after.specialty,
      after.gold,
      after.silver,
      after.signals,
      after.source,
      after.note,
      before.id,
    );
  return changed;
}

export function deleteSignal(db: Db, before: StoredSignal, who: AuditContext): void {
  db.prepare(`DELETE FROM signal_allowances WHERE id = ?`).run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'signal_allowance', entityId: String(before.id), oldValue: signalFields(before) });
}

export function listNationalRates(db: Db): StoredRate[] {
  return db.prepare(`SELECT id, ${RATE_COLUMNS}, version FROM national_match_rates ORDER BY specialty COLLATE NOCASE, year DESC, ck_from`).all() as StoredRate[];
}

export function getNationalRate(db: Db, id: number): StoredRate | null {
  return (db.prepare(`SELECT id, ${RATE_COLUMNS}, version FROM national_match_rates WHERE id = ?`).get(id) as StoredRate | undefined) ?? null;
}

const rateFields = (r: NationalMatchRate) => ({ specialty: r.specialty, year: r.year, ckFrom: r.ckFrom, ckTo: r.ckTo, matchRatePercent: r.matchRatePercent, n: r.n, source: r.source });

export function insertNationalRate(db: Db, r: NationalMatchRate, who: AuditContext): StoredRate {
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO national_match_rates (specialty, year, ck_from, ck_to, match_rate_percent, n, source) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(r.specialty, r.year, r.ckFrom, r.ckTo, r.matchRatePercent, r.n, r.source);
  writeAudit(db, who, { action: 'insert', entity: 'national_match_rate', entityId: String(lastInsertRowid), newValue: rateFields(r) });
  return getNationalRate(db, Number(lastInsertRowid))!;
}

export function updateNationalRate(db: Db, before: StoredRate, after: NationalMatchRate, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'national_match_rate', String(before.id), rateFields(before), rateFields(after));
  if (changed.length)
    db.prepare(`UPDATE national_match_rates SET specialty = ?, year = ?, ck_from = ?, ck_to = ?, match_rate_percent = ?, n = ?, source = ? WHERE id = ?`).run(
      after.specialty,
      after.year,
      after.ckFrom,
      after.ckTo,
      after.matchRatePercent,
      after.n,
      after.source,
      before.id,
    );
  return changed;
}

export function deleteNationalRate(db: Db, before: StoredRate, who: AuditContext): void {
  db.prepare(`DELETE FROM national_match_rates WHERE id = ?`).run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'national_match_rate', entityId: String(before.id), oldValue: rateFields(before) });
}
