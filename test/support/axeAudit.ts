/**
 * Runs axe-core inside a page or frame (the webview harness, or a webview frame of the e2e
 * workbench) and sums its violations by impact. axe is injected through Playwright's evaluate,
 * which the page's CSP does not govern, so the audited page stays exactly as shipped.
 */
/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Axe from 'axe-core';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets audited: WCAG 2.0–2.2 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export type AxeImpact = 'critical' | 'serious' | 'moderate' | 'minor';

export interface AxeViolation {
  id: string;
  impact: AxeImpact;
  help: string;
  /** CSS selectors of the offending elements (at most 5) and how many there were. */
  targets: string[];
  nodes: number;
  /** axe's explanation for the first offending element (for contrast: both colours and the ratio). */
  why: string;
}

export interface AxeAudit {
  counts: Record<AxeImpact, number>;
  violations: AxeViolation[];
  /** Rules axe could not decide on some element (e.g. text over an image): to review by hand. */
  incomplete: Array<{ id: string; nodes: number; targets: string[]; why: string }>;
}

/** The axe-core version the audits run. */
export const AXE_VERSION = (JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')) as { version: string }).version;

/** Audits the document of `target` with axe-core; counts are violations (rules) per impact. */
export async function auditWithAxe(target: Page | Frame): Promise<AxeAudit> {
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(AXE_SOURCE);
  const { violations, incomplete } = await target.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    return {
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: (v.impact ?? 'minor') as AxeImpact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        nodes: v.nodes.length,
        why: v.nodes[0]?.failureSummary ?? '',
      })),
      incomplete: results.incomplete.map((v) => ({
        id: v.id,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        why: v.nodes[0]?.any[0]?.message ?? v.nodes[0]?.all[0]?.message ?? '',
      })),
    };
  }, AXE_TAGS);
  const counts: Record<AxeImpact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact]++;
  return { counts, violations, incomplete };
}

/** The violations that fail an audit: serious and critical. */
export function blocking(audit: AxeAudit): AxeViolation[] {
  return audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One audit in the report: where (theme, state) and what axe found. */
export type AxeResult = { theme: string; state: string } & AxeAudit;

/** test-results/axe-report.json: every route's latest results (the harness and the workbench write their own part). */
export const AXE_REPORT = path.resolve(__dirname, '..', '..', 'test-results', 'axe-report.json');

/** Writes `results` as `route`'s part of the report (other routes' parts are kept) and prints the counts. */
export function writeAxeReport(route: string, results: readonly AxeResult[], extra: Record<string, unknown> = {}): void {
  if (results.length === 0) return;
  let routes: Record<string, unknown> = {};
  try {
    if (existsSync(AXE_REPORT)) routes = (JSON.parse(readFileSync(AXE_REPORT, 'utf8')) as { routes?: Record<string, unknown> }).routes ?? {};
  } catch {
    routes = {};
  }
  routes[route] = { written: new Date().toISOString(), results, ...extra };
  mkdirSync(path.dirname(AXE_REPORT), { recursive: true });
  writeFileSync(AXE_REPORT, JSON.stringify({ axeVersion: AXE_VERSION, tags: AXE_TAGS, routes }, null, 2) + '\n');
  console.log(`\n      axe-core ${AXE_VERSION}, ${route} (critical / serious / moderate / minor violations):`);
  for (const r of results) {
    const ids = r.violations.length ? '  ' + r.violations.map((v) => `${v.id} (${v.impact})`).join(', ') : '';
    console.log(`        ${r.theme.padEnd(22)} ${r.state.padEnd(26)} ${r.counts.critical} / ${r.counts.serious} / ${r.counts.moderate} / ${r.counts.minor}${ids}`);
  }
  console.log(`      report: ${path.relative(process.cwd(), AXE_REPORT)}`);
}
