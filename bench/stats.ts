// Statistics for the benchmark runner: medians, spreads and pairwise ratios.

/** Median of a non-empty list (the mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Value at quantile q (0..1) with linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/**
 * Spread of a sample as a fraction of its median: half the interquartile
 * range divided by the median (0.03 reads "±3 %"). Zero for one sample.
 */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return m === 0 ? 0 : (quantile(values, 0.75) - quantile(values, 0.25)) / 2 / m;
}

/** A goal for a ratio: at least or at most a bound. */
export interface Goal {
  op: '>=' | '<=';
  value: number;
}

export function meets(ratio: number, goal: Goal): boolean {
  return goal.op === '>=' ? ratio >= goal.value : ratio <= goal.value;
}

export function formatGoal(goal: Goal): string {
  return `${goal.op} ${goal.value}`;
}

/** Per-pair ratios a[i] / b[i]: each pair ran back to back. */
export function pairRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error('pairs need equal sample counts');
  return a.map((x, i) => x / b[i]);
}
