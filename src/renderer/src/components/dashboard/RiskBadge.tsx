import { Badge } from '@mantine/core';
import type { Severity } from '../../../../shared/domain';
import { RISK_COLORS, RISK_LABELS, riskBucket } from './risk';

export function RiskBadge({ risk, size = 'sm' }: { risk: Severity | null; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const bucket = riskBucket(risk);
  return (
    <Badge size={size} color={RISK_COLORS[bucket]} variant={risk === 'critical' || risk === 'high' ? 'filled' : 'light'} aria-label={`Risk: ${RISK_LABELS[bucket]}`}>
      {RISK_LABELS[bucket]}
    </Badge>
  );
}
