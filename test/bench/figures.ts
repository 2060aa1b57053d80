/** One measured figure, compared with a baseline measured in the same run. */
export interface Figure {
  stage: string;
  name: string;
  unit: string;
  /** Median of the runs. */
  value: number;
  /** How the value is shown when it is not a quantity (e.g. "yes"). */
  text?: string;
  min?: number;
  max?: number;
  /** What the value is compared against (same run, same machine), if anything. */
  baseline?: number;
  baselineLabel?: string;
  /** value / baseline. */
  ratio?: number;
  /** The target as text, e.g. "≤ 1.10× curl". */
  target: string;
  met: boolean;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Summary of repeated measurements: median, min and max. */
export function spread(values: number[]): { value: number; min: number; max: number } {
  return { value: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** A figure whose target is a ratio against a baseline: met when value/baseline ≤ maxRatio. */
export function ratioFigure(
  base: Omit<Figure, 'ratio' | 'met' | 'target' | 'baseline' | 'value' | 'min' | 'max'>,
  runs: number[],
  baselineRuns: number[],
  maxRatio: number,
  baselineLabel: string,
): Figure {
  const s = spread(runs);
  const baseline = median(baselineRuns);
  const ratio = baseline > 0 ? s.value / baseline : Number.POSITIVE_INFINITY;
  return { ...base, ...s, baseline, baselineLabel, ratio, target: `≤ ${maxRatio.toFixed(2)}× ${baselineLabel}`, met: ratio <= maxRatio };
}

/** A figure with an absolute limit: met when value ≤ limit. */
export function limitFigure(base: Omit<Figure, 'met' | 'target' | 'value' | 'min' | 'max'>, runs: number[], limit: number, unitLabel = base.unit): Figure {
  const s = spread(runs);
  return { ...base, ...s, target: `≤ ${limit} ${unitLabel}`, met: s.value <= limit };
}

/** A figure that must be at least a limit. */
export function atLeastFigure(base: Omit<Figure, 'met' | 'target' | 'value' | 'min' | 'max'>, runs: number[], limit: number, label: string): Figure {
  const s = spread(runs);
  return { ...base, ...s, target: `≥ ${label}`, met: s.value >= limit };
}

/** A figure that must be exactly `expected` in every run (e.g. a count of undo steps). */
export function equalFigure(base: Omit<Figure, 'met' | 'target' | 'value' | 'min' | 'max'>, runs: number[], expected: number): Figure {
  return { ...base, ...spread(runs), target: `= ${expected} ${base.unit}`.trim(), met: runs.length > 0 && runs.every((r) => r === expected) };
}

/** A yes/no figure whose target is yes. */
export function yesFigure(base: Omit<Figure, 'met' | 'target' | 'value' | 'min' | 'max' | 'unit'>, ok: boolean): Figure {
  return { ...base, unit: '', value: ok ? 1 : 0, text: ok ? 'yes' : 'no', target: 'yes', met: ok };
}

/** A figure reported for information only (no target). */
export function infoFigure(base: Omit<Figure, 'met' | 'target' | 'value' | 'min' | 'max'>, runs: number[]): Figure {
  return { ...base, ...spread(runs), target: '—', met: true };
}

const fmt = (n: number | undefined, unit = ''): string => {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : 2;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

/** A figure's value as shown: its text, or the number with its unit. */
export function formatValue(f: Figure): string {
  return f.text ?? fmt(f.value, f.unit);
}

/** The results table, as markdown (printed, and pasted into the README). */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.stage,
    f.name,
    `${formatValue(f)}${f.min !== undefined && f.max !== undefined && f.min !== f.max ? ` (${fmt(f.min)}–${fmt(f.max)})` : ''}`,
    f.baseline === undefined ? '—' : `${fmt(f.baseline, f.unit)} ${f.baselineLabel ?? ''}`.trim(),
    f.ratio === undefined ? '—' : `${f.ratio.toFixed(f.ratio >= 100 ? 0 : 2)}×`,
    f.target,
    f.met ? 'yes' : '**NO**',
  ]);
  const header = ['Stage', 'Figure', 'Value (min–max)', 'Baseline', 'Ratio', 'Target', 'Met'];
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
