import { Badge } from '@mantine/core';
import { LIST_TIER_LABELS, type ListTier } from '../../../../shared/domain';

/**
 * A tier in words and a colour. Light badges (a tinted background under a darker shade of the same
 * colour) read in both themes; the word carries the meaning, the colour only helps the eye.
 */
export const TIER_COLORS: Record<ListTier, string> = {
  likely: 'teal',
  target: 'blue',
  reach: 'orange',
  'not-eligible': 'red',
  'no-evidence': 'gray',
};

export function TierBadge({ tier, size = 'sm' }: { tier: ListTier; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={TIER_COLORS[tier]} variant="light" size={size} radius="sm" style={{ textTransform: 'none' }}>
      {LIST_TIER_LABELS[tier]}
    </Badge>
  );
}
