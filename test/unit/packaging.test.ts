import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { REPO } from '../host/buildTests';

interface Manifest {
  main: string;
  icon: string;
  l10n?: string;
  contributes: {
    viewsContainers?: Record<string, { icon: string }[]>;
    walkthroughs?: { steps: { media: Record<string, unknown> }[] }[];
  };
}

/** What runs, and what the marketplace shows: the only files a vsix may hold. */
const SHIPPED = [
  /^package\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^dist\/(extension|iam|undici)\.js$/,
  /^dist\/webview\/(chat\.js|chat-style\.css|codicon\.ttf)$/,
  /^media\/(icon\.png|bedrock\.svg)$/,
  /^media\/walkthrough\/[\w-]+(\.[a-z]{2}(-[\w]+)?)?\.(md|svg|png)$/,
];

/** Files a checkout holds that must never be packaged (sources, tests, the AWS side, dependencies, maps, build leftovers). */
const NEVER_SHIPPED = [
  'src/extension.ts',
  'src/protocol/wire.ts',
  'media/chat/main.ts',
  'media/tsconfig.json',
  'test/unit/packaging.test.ts',
  'infra/lambda/handler.ts',
  'infra/cdk.out/manifest.json',
  'tools/codeServer.ts',
  'node_modules/undici/index.js',
  'dist/extension.js.map',
  'dist/webview/chat.js.map',
  'dist/extension.meta.json',
  'out/extension.js',
  'docs/chat-panel.png',
  'test-results/chat-panel.png',
  'bench-results.json',
  'ask-bedrock-0.1.0.vsix',
  'esbuild.js',
  'tsconfig.json',
  'eslint.config.mjs',
  'package-lock.json',
  '.env',
  '.ci/run',
  '.vscode/launch.json',
];

function manifest(): Manifest {
  return JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
}

/** A manifest value as each display language sees it: a `%key%` resolves through every package.nls*.json. */
function localizedValues(value: string): string[] {
  const key = /^%(.+)%$/.exec(value)?.[1];
  if (!key) return [value];
  const bundles = readdirSync(REPO).filter((name) => /^package\.nls(\.[\w-]+)?\.json$/.test(name));
  return bundles.map((name) => (JSON.parse(readFileSync(path.join(REPO, name), 'utf8')) as Record<string, string>)[key] ?? value);
}

/** Every file the manifest points at: the code VS Code loads, the icons, the walkthrough's media, the l10n bundles. */
function referencedFiles(m: Manifest): string[] {
  const files = [m.main, m.icon];
  for (const containers of Object.values(m.contributes.viewsContainers ?? {})) for (const c of containers) if (!c.icon.startsWith('$(')) files.push(c.icon);
  for (const walkthrough of m.contributes.walkthroughs ?? []) {
    for (const step of walkthrough.steps) {
      for (const media of Object.values(step.media)) {
        if (typeof media === 'string') files.push(...localizedValues(media));
        else if (media && typeof media === 'object') files.push(...Object.values(media as Record<string, string>).flatMap(localizedValues));
      }
    }
  }
  files.push(...readdirSync(REPO).filter((name) => /^package\.nls(\.[\w-]+)?\.json$/.test(name)));
  if (m.l10n) for (const name of readdirSync(path.join(REPO, m.l10n))) files.push(path.posix.join(m.l10n, name));
  return files.map((f) => path.posix.normalize(f.replace(/^\.\//, '')));
}

/** `vsce`'s own file list for the extension in `cwd`, without dependencies (esbuild bundles them), as `npm run package` builds it. */
async function packagedFiles(cwd: string): Promise<string[]> {
  const files = await listFiles({ cwd, packageManager: PackageManager.None });
  return files.map((f) => f.split(path.sep).join('/')).sort();
}

describe('packaging (.vscodeignore, as vsce reads it)', function () {
  this.timeout(30_000);
  let tree: string;

  before(() => {
    // A checkout in miniature: the real manifest and .vscodeignore, every file the manifest
    // references, and the files that must stay out — so the rules are tested with or without a build.
    tree = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-packaging-'));
    for (const file of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE']) copyFileSync(path.join(REPO, file), path.join(tree, file));
    for (const file of [...referencedFiles(manifest()), ...NEVER_SHIPPED, 'dist/iam.js', 'dist/undici.js', 'dist/webview/chat.js', 'dist/webview/chat-style.css', 'dist/webview/codicon.ttf']) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      if (!existsSync(path.join(tree, file))) writeFileSync(path.join(tree, file), 'x');
    }
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  it('packages every file the manifest references (code, icons, walkthrough media)', async () => {
    const packaged = new Set(await packagedFiles(tree));
    const missing = referencedFiles(manifest()).filter((f) => !packaged.has(f));
    assert.deepEqual(missing, [], `.vscodeignore leaves out files the manifest needs: ${missing.join(', ')}`);
  });

  it('packages nothing but what runs: no sources, tests, infra, node_modules, source maps or build leftovers', async () => {
    const packaged = await packagedFiles(tree);
    const unexpected = packaged.filter((f) => !SHIPPED.some((rule) => rule.test(f)));
    assert.deepEqual(unexpected, [], `would be packaged: ${unexpected.join(', ')}`);
    const leaked = NEVER_SHIPPED.filter((f) => packaged.includes(f));
    assert.deepEqual(leaked, []);
  });

  it('the checkout itself packages only shipped files', async () => {
    const unexpected = (await packagedFiles(REPO)).filter((f) => !SHIPPED.some((rule) => rule.test(f)));
    assert.deepEqual(unexpected, [], `would be packaged: ${unexpected.join(', ')}`);
  });
});
