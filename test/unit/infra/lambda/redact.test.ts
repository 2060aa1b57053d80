import * as assert from 'node:assert/strict';
import { ECHO_RUN, MAX_SERVICE_TEXT, sanitizeServiceText, withoutEchoes, withoutAccountDetails } from '../../../../infra/lambda/redact';

describe('infra/lambda redact', () => {
  const prompt = 'Summarise the attached board minutes for the quarterly review and flag any risks.';

  it('cuts every run of 40+ characters the request also holds, keeping the rest', () => {
    const said = `Malformed input: value "${prompt}" is too long; system "${'s'.repeat(50)}" too.`;
    const out = withoutEchoes(said, [prompt, 'x'.repeat(60), 's'.repeat(80)]);
    assert.equal(out, 'Malformed input: value "…" is too long; system "…" too.');
  });

  it('cuts a partial quote of a longer value, and leaves runs shorter than 40 alone', () => {
    const partial = prompt.slice(10, 10 + ECHO_RUN + 5);
    assert.equal(withoutEchoes(`got [${partial}] here`, [prompt]), 'got […] here');
    const short = prompt.slice(0, ECHO_RUN - 1);
    assert.equal(withoutEchoes(`got [${short}] here`, [prompt]), `got [${short}] here`);
    assert.equal(withoutEchoes('nothing in common with the request at all, really nothing', [prompt]), 'nothing in common with the request at all, really nothing');
  });

  it('cuts a quote that escapes the request or reflows its whitespace, though no line of it is 40 characters', () => {
    const multiline = 'line one of the secret plan\nline two: wire the "funds" été\n\tline three, café at noon';
    assert.ok(multiline.split('\n').every((line) => line.length < ECHO_RUN));
    const escaped = JSON.stringify(multiline);
    assert.equal(withoutEchoes(`Malformed input: value ${escaped} rejected`, [multiline]), 'Malformed input: value "…" rejected');
    const asciiOnly = escaped.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.equal(withoutEchoes(`value ${asciiOnly} rejected`, [multiline]), 'value "…" rejected', '\\uXXXX escapes too');
    assert.equal(withoutEchoes(`value [${multiline.replace(/\s+/g, '  ')}] rejected`, [multiline]), 'value […] rejected', 'reflowed whitespace');
    assert.equal(withoutEchoes(`value [${multiline}] rejected`, [escaped]), 'value […] rejected', 'a source that holds the escapes');
    const code = 'printf("%s\\n", a);\nC:\\Users\\me\\x.c\nputs("b\\tc");';
    assert.equal(withoutEchoes(`value ${JSON.stringify(code)} rejected`, [code]), 'value "…" rejected', 'a source with backslashes, escaped');
    const broken = `bad \\u12 and \\ and ${'x'.repeat(ECHO_RUN)}`;
    assert.equal(withoutEchoes(broken, [multiline]), broken, 'broken escapes stay as they are');
  });

  it('stays linear on a 256 KB repetitive request (no quadratic search)', () => {
    const source = 'a'.repeat(256 * 1024);
    const text = `${'a'.repeat(ECHO_RUN - 1)}b`.repeat(100);
    const started = performance.now();
    assert.equal(withoutEchoes(text, [source, source]), text, 'near misses are not echoes');
    assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
  });

  it('removes the role ARN and account id, keeps one short line', () => {
    const denied =
      'User: arn:aws:sts::123456789012:assumed-role/AskBedrock-ChatFunctionServiceRole-1A2B/AskBedrock-ChatFunction-3C4D is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x';
    const clean = withoutAccountDetails(denied);
    assert.doesNotMatch(clean, /123456789012|assumed-role|ChatFunctionServiceRole/);
    assert.match(clean, /^User: <role> is not authorized .* arn:aws:bedrock:us-east-1:<account>:inference-profile\/us\.x$/);
    const line = sanitizeServiceText(`first\nsecond\r\n\u2028third ${'z'.repeat(500)}`);
    assert.ok(line.startsWith('first second third z'));
    assert.equal(line.length, MAX_SERVICE_TEXT);
    assert.ok(MAX_SERVICE_TEXT <= 100, 'issue 14: never echo request values longer than ~100 characters');
    assert.ok(line.endsWith('…'));
    assert.equal(sanitizeServiceText('210000 tokens > 200000 maximum'), '210000 tokens > 200000 maximum', 'shorter numbers are not account ids');
  });
});
