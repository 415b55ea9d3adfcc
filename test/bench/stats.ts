/** Summary statistics for benchmark samples, in the samples' own unit. */
export function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(samples: number[]): number {
  return percentile(samples, 0.5);
}

/** Formats a duration in milliseconds with three significant digits. */
export function ms(value: number): string {
  return `${value.toPrecision(3)} ms`;
}
