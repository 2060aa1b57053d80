/**
 * The bench's baseline: the obvious way to stream markdown into a webview. It takes the same
 * host messages as the real webview and, once per animation frame, re-parses each changed
 * answer whole with `marked`, sanitizes it with DOMPurify and sets innerHTML.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { HostToWebview, Turn } from '../../../src/protocol/webview';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

interface NaiveTurn {
  text: string;
  answer: HTMLElement;
}

const vscode = acquireVsCodeApi();
const log = document.createElement('main');
log.className = 'transcript';
(document.getElementById('app') ?? document.body).append(log);
const turns = new Map<string, NaiveTurn>();
const dirty = new Set<NaiveTurn>();
let requested = false;

function render(): void {
  requested = false;
  for (const turn of dirty) turn.answer.innerHTML = DOMPurify.sanitize(marked.parse(turn.text, { async: false }));
  dirty.clear();
  log.scrollTop = log.scrollHeight;
}

function addTurn(turn: Turn): void {
  const root = document.createElement('article');
  root.className = 'turn';
  const answer = document.createElement('div');
  answer.className = 'turn-answer markdown';
  root.append(answer);
  log.append(root);
  const view = { text: turn.answer, answer };
  turns.set(turn.id, view);
  dirty.add(view);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message.type === 'reset') {
    log.replaceChildren();
    turns.clear();
    for (const turn of message.turns) addTurn(turn);
  } else if (message.type === 'batch') {
    for (const update of message.updates) {
      if (update.type === 'turnStarted') addTurn(update.turn);
      if (update.type !== 'appended') continue;
      const turn = turns.get(update.turnId);
      if (!turn) continue;
      turn.text += update.text;
      dirty.add(turn);
    }
  }
  if (!requested) {
    requested = true;
    requestAnimationFrame(render);
  }
});

vscode.postMessage({ type: 'ready' });
