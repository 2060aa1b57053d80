/* global window, document */
// The webview harness: stands in for VS Code around dist/webview/chat.js.
// - acquireVsCodeApi() records every posted message in window.__posted.
// - window.__harness lets tests and benchmarks play the host.
(() => {
  'use strict';
  const posted = [];
  let state;
  let acquired = false;
  window.__posted = posted;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => state,
      setState: (next) => {
        state = next;
      },
    });
  };

  /** media/chat/main.ts: RENDER_PACING.minIntervalMs. */
  const RENDER_INTERVAL_MS = 50;
  // The page's own requestAnimationFrame, even if a bench probe wraps it later.
  const requestFrame = window.requestAnimationFrame.bind(window);
  const nextFrame = () => new Promise((resolve) => requestFrame(() => resolve()));
  /** Random integer in [min, max], from a seeded generator so runs repeat. */
  const rng = (seed) => () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };

  const globalsBefore = new Set(Object.keys(window));
  window.__harness = Object.freeze({
    /** Window properties the bundle added (it should add none). */
    newGlobals: () => Object.keys(window).filter((k) => !globalsBefore.has(k) && k !== '__harness'),
    /** Sends one host → webview message. */
    post(message) {
      window.postMessage(message, '*');
    },
    clearPosted() {
      posted.length = 0;
    },
    /** The state saved with vscode.setState. */
    state: () => state,
    /**
     * Resolves once everything posted so far is on screen: after `n` animation frames and at
     * least one render interval (the webview renders at most every 50 ms), plus a frame.
     */
    async frames(n = 2) {
      const until = performance.now() + RENDER_INTERVAL_MS + 10;
      for (let i = 0; i < n; i++) await nextFrame();
      while (performance.now() < until) await nextFrame();
      await nextFrame();
    },
    /** Splits text into chunks of minChunk..maxChunk characters (seeded). */
    chunk(text, minChunk = 2, maxChunk = 6, seed = 1) {
      const random = rng(seed);
      const chunks = [];
      for (let i = 0; i < text.length; ) {
        const size = minChunk + Math.floor(random() * (maxChunk - minChunk + 1));
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      return chunks;
    },
    /**
     * Plays a whole answer like the host would: turnStarted, then `appended` batches of
     * `chunksPerBatch` chunks one per frame, then turnFinished. Resolves with timings (ms).
     */
    async stream({ id = 't' + Date.now(), prompt = 'Question', text, minChunk = 2, maxChunk = 6, chunksPerBatch = 20, status = 'done', stats, error, finish = true }) {
      const started = performance.now();
      window.postMessage({ type: 'batch', updates: [{ type: 'turnStarted', turn: { id, prompt, answer: '', status: 'streaming' } }] }, '*');
      const chunks = this.chunk(text, minChunk, maxChunk);
      let batches = 0;
      for (let i = 0; i < chunks.length; i += chunksPerBatch) {
        const joined = chunks.slice(i, i + chunksPerBatch).join('');
        window.postMessage({ type: 'batch', updates: [{ type: 'appended', turnId: id, text: joined }] }, '*');
        batches++;
        await nextFrame();
      }
      if (finish) window.postMessage({ type: 'batch', updates: [{ type: 'turnFinished', turnId: id, status, stats, error }] }, '*');
      await this.frames(2);
      return { id, batches, chunks: chunks.length, ms: performance.now() - started };
    },
  });
})();
