// Builds the extension (Node, CommonJS) and the chat webview (browser, IIFE + CSS).
// Shaped like the official extension template: `--production` minifies, `--watch` rebuilds.
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form the `$esbuild-watch` problem matcher reads. */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Modules built on their own and loaded on first use, so activation never pays for them:
 * src/transport/sigv4.ts (dist/iam.js) only when auth is "iam" — the AWS SDK's credential chain
 * is most of its size — and src/transport/undiciBundle.ts (dist/undici.js), the HTTP client,
 * with the first request. Keyed by the module's resolved path, not by how an import spells it.
 */
const lazyModules = [
  { entry: 'src/transport/sigv4.ts', outfile: 'iam.js' },
  { entry: 'src/transport/undiciBundle.ts', outfile: 'undici.js' },
];
const lazyByPath = new Map(lazyModules.map((lazy) => [path.resolve(__dirname, lazy.entry), lazy]));

/** Packages that must stay out of dist/extension.js (they live in the lazy bundles). */
const lazyOnlyPackages = [/node_modules\/undici\//, /node_modules\/@aws-sdk\//, /node_modules\/@smithy\//];

/** Turns an import of a lazy module, from any file and however spelled, into a require of its own bundle. */
const lazyModulesPlugin = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const base = path.resolve(args.resolveDir, args.path);
      const lazy = lazyByPath.get(base) ?? lazyByPath.get(`${base}.ts`);
      return lazy ? { path: `./${lazy.outfile}`, external: true } : undefined;
    });
  },
};

/** Fails the build if a lazy module's packages were bundled into the extension itself (see lazyModules). */
function checkExtensionBundle(metafile) {
  const folded = Object.keys(metafile.inputs).filter((input) => lazyOnlyPackages.some((pattern) => pattern.test(input)));
  if (folded.length > 0) {
    throw new Error(`dist/extension.js bundles what must load lazily (${folded.length} files, e.g. ${folded[0]}); check lazyModules in esbuild.js.`);
  }
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'silent',
  legalComments: production ? 'none' : 'inline',
  plugins: [esbuildProblemMatcherPlugin],
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  ...[{ entry: 'src/extension.ts', outfile: 'extension.js' }, ...lazyModules].map(({ entry, outfile }) => ({
    ...common,
    entryPoints: [entry],
    outfile: `dist/${outfile}`,
    format: 'cjs',
    platform: 'node',
    target: 'node22', // VS Code 1.104 (the engines.vscode floor) runs extensions on Node 22
    external: ['vscode'],
    mainFields: ['module', 'main'],
    plugins: [...common.plugins, lazyModulesPlugin],
    // Time the bundle's own loading, so activate() can log load + activation time (VS Code
    // prepares the extension's context in parallel, so the span until activate() says nothing).
    ...(outfile === 'extension.js'
      ? { banner: { js: '"use strict";\nvar __askBedrockLoadStarted = performance.now();' }, footer: { js: 'var __askBedrockLoadEnded = performance.now();' }, metafile: true }
      : {}),
  })),
  {
    ...common,
    entryPoints: { chat: 'media/chat/main.ts', 'chat-style': 'media/chat/chat.css' },
    outdir: 'dist/webview',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

async function main() {
  const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  checkExtensionBundle(results[0].metafile);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
