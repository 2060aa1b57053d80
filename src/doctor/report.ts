import { eastAsianWidth } from 'get-east-asian-width';
import type { CheckStatus } from './check';
import * as M from './messages';
import type { DoctorReport } from './runDoctor';

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', info: '–' };

/**
 * The report as plain text, to read in VS Code or paste into an issue: the settings checked, a
 * line per check (✓/✗/– title, detail) and the fix for the first failure. It holds no secret:
 * no API key, and only the start and end of an access key id.
 */
export function formatReport(report: DoctorReport): string {
  const { settings, userAgent } = report.checked;
  const width = Math.max(...report.lines.map((line) => columns(line.title)));
  const out = [
    `${M.report.heading} (${new Date(report.at).toISOString().replace(/\.\d{3}Z$/, 'Z')})`,
    M.report.endpoint(shownEndpoint(settings.endpoint)),
    M.report.settings(settings.auth, settings.awsProfile, settings.awsRegion, settings.modelId),
    M.report.client(userAgent),
    '',
  ];
  for (const line of report.lines) {
    const detail = line.notRun ? M.report.notRun : line.detail;
    out.push(`${MARKS[line.status]} ${line.title}${' '.repeat(width - columns(line.title))}  ${detail}`.trimEnd());
  }
  out.push('');
  const failure = report.firstFailure;
  out.push(failure ? M.report.fix(failure.title, failure.fix ?? failure.detail) : M.report.allPassed);
  return `${out.join('\n')}\n`;
}

/** How many columns `text` takes in a monospaced font: Japanese titles take two per character. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += eastAsianWidth(ch.codePointAt(0)!);
  return n;
}

/** The endpoint as the report shows it: without a user name and password in the URL, its query string or fragment (they may hold a key). */
function shownEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return endpoint.replace(/\/\/[^/@?#]*@/, '//').replace(/[?#].*$/, '');
  }
}
