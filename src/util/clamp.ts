/** A setting's number rounded to a whole number within min–max; `fallback` when it is not a finite number. */
export function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}
