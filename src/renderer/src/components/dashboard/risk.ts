import type { RiskBucket } from '../../../../shared/api';
import type { Severity } from '../../../../shared/domain';

/** One colour per risk level, the same on every screen (and with a text label: never colour alone). */
export const RISK_COLORS: Record<RiskBucket, string> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'blue', none: 'gray' };
export const RISK_LABELS: Record<RiskBucket, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', none: 'No flags' };

export function riskBucket(risk: Severity | null): RiskBucket {
  return risk ?? 'none';
}
