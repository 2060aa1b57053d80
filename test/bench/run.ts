/**
 * `npm run bench`: measures every stage of the path of one answer against a baseline run in
 * the same process or run, prints one table, and writes bench-results.json. Benchmarks never
 * fail the build: a missed target is reported as "NO" in the table and `met: false` in the JSON.
 *
 * `npm run bench -- --only transport,webview` runs a subset (sections: extension, editor, lambda, v2, transport, webview);
 * `--only webview:reopen` runs only that case of a section (the section lists its cases).
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, formatValue, type Figure } from './figures';

export interface BenchSection {
  name: string;
  /** `cases`: those named in `--only <section>:<case>` (undefined: all). */
  run(cases?: string[]): Promise<Figure[]>;
}

const repo = path.resolve(__dirname, '..', '..');

async function loadSections(): Promise<BenchSection[]> {
  return [
    (await import('./extensionBench')).extensionBench,
    (await import('./editorBench')).editorBench,
    (await import('./lambdaBench')).lambdaBench,
    (await import('./protocolV2Bench')).protocolV2Bench,
    (await import('./transportBench')).transportBench,
    (await import('./webviewBench')).webviewBench,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',').map((s) => s.trim());
  const figures: Figure[] = [];
  const failures: string[] = [];
  for (const section of await loadSections()) {
    if (only && !only.some((o) => o.split(':')[0] === section.name)) continue;
    const cases = only?.filter((o) => o.startsWith(`${section.name}:`)).map((o) => o.slice(section.name.length + 1));
    console.log(`\n▶ ${section.name}`);
    const started = Date.now();
    try {
      const got = await section.run(cases?.length ? cases : undefined);
      for (const f of got) console.log(`  ${f.name}: ${formatValue(f)}${f.ratio !== undefined ? ` (${f.ratio.toFixed(2)}×)` : ''} — ${f.met ? 'met' : 'NOT MET'}`);
      figures.push(...got);
    } catch (err) {
      failures.push(`${section.name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      console.error(`  ${section.name} failed: ${err instanceof Error ? err.message : err}`);
    }
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  const table = formatTable(figures);
  console.log(`\n${table}\n`);
  const missed = figures.filter((f) => !f.met);
  console.log(missed.length === 0 && failures.length === 0 ? 'Every target met.' : `${missed.length} target(s) missed, ${failures.length} section(s) failed.`);
  writeFileSync(
    path.join(repo, 'bench-results.json'),
    JSON.stringify({ date: new Date().toISOString(), machine: machine(), figures, failures, table }, null, 2),
  );
  console.log('Wrote bench-results.json');
  if (failures.length > 0) process.exitCode = 1;
}

function machine(): Record<string, unknown> {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
