/** USD for people: "$0.0123" under a dollar, "$1.23" from one, "< $0.0001" for a tiny non-zero cost. */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.00005) return '< $0.0001';
  const fine = usd.toFixed(4);
  return Number(fine) < 1 ? `$${fine}` : `$${usd.toFixed(2)}`;
}
