// Builds the extension (Node, CommonJS) and the chat webview (browser, IIFE + CSS).
// Shaped like the official extension template: `--production` minifies, `--watch` rebuilds.
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
 * `./sigv4` (dist/iam.js) only when auth is "iam" — the AWS SDK's credential chain is most of
 * its size — and `./undiciParts` (dist/undici.js), the HTTP client, with the first request.
 */
const lazyModules = {
  './sigv4': { entry: 'src/transport/sigv4.ts', outfile: 'iam.js' },
  './undiciParts': { entry: 'src/transport/undiciParts.ts', outfile: 'undici.js' },
};

const lazyModulesPlugin = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\/\w+$/ }, (args) => {
      const lazy = lazyModules[args.path];
      return lazy ? { path: `./${lazy.outfile}`, external: true } : undefined;
    });
  },
};

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
  ...[{ entry: 'src/extension.ts', outfile: 'extension.js' }, ...Object.values(lazyModules)].map(({ entry, outfile }) => ({
    ...common,
    entryPoints: [entry],
    outfile: `dist/${outfile}`,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    plugins: [...common.plugins, lazyModulesPlugin],
    // Time the bundle's own loading, so activate() can log load + activation time (VS Code
    // prepares the extension's context in parallel, so the span until activate() says nothing).
    ...(outfile === 'extension.js'
      ? { banner: { js: '"use strict";\nvar __askBedrockLoadStarted = performance.now();' }, footer: { js: 'var __askBedrockLoadEnded = performance.now();' } }
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
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
