import type { LegendPayload } from 'recharts';

/** Recharts sorts legend items alphabetically by default; keep them in the order the series are given (severity order). */
export function inSeriesOrder(names: readonly string[]) {
  return { itemSorter: (item: LegendPayload) => names.indexOf(String(item.dataKey ?? item.value)) };
}
