import type { HostToWebview } from '../../src/protocol/webview';
import { FrameQueue } from './frameQueue';
import { idleScheduler } from './idle';
import { createMarkdownRenderer } from './markdown/renderer';
import { warmUpRenderer } from './markdown/warmUp';
import { Announcer } from './view/announcer';
import { AutoScroller } from './view/autoscroll';
import { decorateCodeBlocks } from './view/codeBlock';
import { Composer } from './view/composer';
import { el } from './view/dom';
import { ChatHeader } from './view/header';
import { ModelPicker } from './view/modelPicker';
import { Transcript } from './view/transcript';
import { t, useStringsOf } from './strings';
import { getVsCodeApi } from './vscodeApi';

// Wiring only: every part lives in its own module.
const vscode = getVsCodeApi();
const post = vscode.postMessage.bind(vscode);
const app = document.getElementById('app') ?? document.body;
// The host's texts in the display language, before anything is built: the first paint is already translated.
useStringsOf(app);

// A named region, not a live one (role="log" would read out every streamed chunk): the announcer
// says once when an answer is complete; an error card is an alert.
const log = el(document, 'div', 'transcript');
log.setAttribute('role', 'region');
log.setAttribute('aria-label', t('conversation'));
log.tabIndex = 0;

const scroller = new AutoScroller(log);
log.addEventListener('scroll', () => scroller.onScroll(), { passive: true });

const renderer = createMarkdownRenderer(window, decorateCodeBlocks);
const announcer = new Announcer(document);
const transcript = new Transcript(log, renderer, post, { announce: (text) => announcer.say(text) });
const header = new ChatHeader(document, post);
const picker = new ModelPicker(document, post);
const composer = new Composer(
  document,
  post,
  {
    load: () => {
      const state = vscode.getState() as { draft?: unknown } | undefined;
      return typeof state?.draft === 'string' ? state.draft : '';
    },
    save: (draft) => vscode.setState({ draft }),
  },
  { onSent: () => scroller.follow(), picker },
);
// One main landmark holds the whole panel.
const shell = el(document, 'main', 'chat');
shell.append(header.root, log, composer.root, announcer.root);
app.replaceChildren(shell);

// 20 updates a second read as smooth streaming and keep the webview mostly idle on long answers.
const RENDER_PACING = { minIntervalMs: 50, now: () => performance.now(), delay: (ms: number, callback: () => void) => void setTimeout(callback, ms) };
const frames = new FrameQueue<HostToWebview>((messages) => {
  for (const message of messages) {
    switch (message.type) {
      case 'reset':
        transcript.reset(message.turns);
        header.update(message.conversation);
        break;
      case 'batch':
        for (const update of message.updates) transcript.apply(update);
        break;
      case 'conversation':
        header.update(message.conversation);
        break;
      case 'models':
        picker.update(message.state);
        break;
      case 'attachments':
        composer.chips.update(message.attachments);
        break;
      case 'focusInput':
        composer.focus(message.text);
        break;
    }
  }
  transcript.flush();
  composer.setStreaming(transcript.streaming);
  scroller.contentChanged();
}, undefined, RENDER_PACING);

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message && typeof message === 'object' && typeof message.type === 'string') frames.push(message);
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && transcript.streaming) {
    event.preventDefault();
    post({ type: 'stop' });
  }
});

post({ type: 'ready' });
warmUpRenderer(renderer, idleScheduler);
