import { spawn } from 'node:child_process';

/** One `curl --no-buffer` request: ms from spawning curl to the first `delta` frame on its stdout and to its exit. */
export interface CurlRun {
  firstDeltaMs: number;
  totalMs: number;
  deltas: number;
}

/** POSTs `body` (JSON text) to `endpoint` with `curl --no-buffer`, asking for SSE, and times the delta frames. */
export function curlStream(endpoint: string, body: string): Promise<CurlRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const curl = spawn('curl', ['--no-buffer', '-sS', '-H', 'content-type: application/json', '-H', 'accept: text/event-stream', '--data-binary', body, endpoint]);
    let firstDeltaMs = -1;
    let deltas = 0;
    let tail = '';
    curl.stdout.setEncoding('utf8');
    curl.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      const count = text.split('event: delta\n').length - 1;
      if (count > 0 && firstDeltaMs < 0) firstDeltaMs = performance.now() - started;
      deltas += count;
      tail = text.slice(-12);
      if (tail.includes('event: delta\n')) tail = tail.slice(tail.lastIndexOf('event: delta\n') + 13);
    });
    curl.on('error', reject);
    curl.on('close', (code) => (code === 0 ? resolve({ firstDeltaMs, totalMs: performance.now() - started, deltas }) : reject(new Error(`curl exited ${code}`))));
  });
}
