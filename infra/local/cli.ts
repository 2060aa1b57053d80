/**
 * `npm run local`: the local stack on its own — the real Lambda handler behind the local API
 * Gateway, answering with the demo model (default) or real Bedrock (`--bedrock aws`).
 *
 *   --port N               default 8787 (0 = any free port)
 *   --host H               listen address, default 127.0.0.1; requests must be addressed to it or
 *                          to 127.0.0.1/localhost/[::1] with the port, and carry no browser Origin.
 *                          A non-loopback H serves anyone who reaches it (see infra/README.md).
 *   --auth none|apiKey|iam default none; apiKey prints the key (or use --api-key K); iam checks
 *                          SigV4 against --access-key-id/--secret-access-key (default: your
 *                          AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)
 *   --bedrock fake|aws     default fake; aws uses your AWS credentials and --region
 *   --first-token-ms N     demo model: delay before the first delta
 *   --tokens-per-second N  demo model: deltas per second
 *   --function-timeout-ms N
 *   --buffered             hold each response until the Lambda ends (an integration without
 *                          response streaming): "Ask Bedrock: Check Endpoint" names it
 * Serves `POST /chat` and `GET /models`. The Lambda's settings come from the environment as in
 * Lambda: ALLOWED_MODEL_IDS, MODEL_ID, MAX_TOKENS_LIMIT, MODEL_PRICES, GUARDRAIL_ID, GUARDRAIL_VERSION,
 * GUARDRAIL_STREAM_MODE, HEARTBEAT_MS, …
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isAuthMode } from '../../src/protocol/wire';
import { startLocalStack } from './stack';
import { stopOnSignal } from './stopOnSignal';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      auth: { type: 'string', default: 'none' },
      'api-key': { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-access-key': { type: 'string' },
      region: { type: 'string' },
      bedrock: { type: 'string', default: 'fake' },
      'first-token-ms': { type: 'string' },
      'tokens-per-second': { type: 'string' },
      'function-timeout-ms': { type: 'string' },
      buffered: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run local -- [--port 8787] [--auth none|apiKey|iam] [--api-key K] [--bedrock fake|aws] [--first-token-ms N] [--tokens-per-second N] [--buffered]');
    return;
  }
  const auth = values.auth;
  if (!isAuthMode(auth)) throw new Error(`--auth must be none, apiKey or iam (got "${values.auth}").`);
  const bedrock = values.bedrock as 'fake' | 'aws';
  if (!['fake', 'aws'].includes(bedrock)) throw new Error(`--bedrock must be fake or aws (got "${values.bedrock}").`);
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got "${v}").`);
    return n;
  };

  const apiKey = auth === 'apiKey' ? (values['api-key'] ?? randomBytes(20).toString('base64url')) : undefined;
  let iamCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (auth === 'iam') {
    const accessKeyId = values['access-key-id'] ?? process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = values['secret-access-key'] ?? process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error('--auth iam needs --access-key-id and --secret-access-key (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).');
    iamCredentials = { accessKeyId, secretAccessKey };
  }

  const stack = await startLocalStack({
    port: num('port', values.port),
    host: values.host,
    auth,
    apiKey,
    iamCredentials,
    region: values.region,
    bedrock,
    fake: { firstTokenDelayMs: num('first-token-ms', values['first-token-ms']), tokensPerSecond: num('tokens-per-second', values['tokens-per-second']) },
    functionTimeoutMs: num('function-timeout-ms', values['function-timeout-ms']),
    responseTransferMode: values.buffered ? 'BUFFERED' : 'STREAM',
    log: values.quiet ? undefined : (line) => console.log(line),
  });

  const keyHeader = apiKey ? ` -H 'x-api-key: ${apiKey}'` : '';
  console.log(`\nAsk Bedrock local endpoint (${bedrock === 'aws' ? 'real Bedrock' : 'demo model'}, auth ${auth}${values.buffered ? ', BUFFERED: answers arrive whole' : ''}): ${stack.endpoint}`);
  if (apiKey) console.log(`API key: ${apiKey}`);
  if (auth === 'iam') console.log(`SigV4: service execute-api, region ${values.region ?? process.env.AWS_REGION ?? 'us-east-1'}, access key ${iamCredentials?.accessKeyId}`);
  if (stack.sts) console.log(`A local AWS STS for that key (Check Endpoint asks it who signs): start VS Code with AWS_ENDPOINT_URL_STS=${stack.sts.url}`);
  console.log(`\nTry it (plain text):\n  curl --no-buffer${keyHeader} -H 'content-type: application/json' -d '{"prompt":"How do I stream from Lambda?"}' ${stack.endpoint}`);
  console.log(`SSE events:\n  curl --no-buffer${keyHeader} -H 'content-type: application/json' -H 'accept: text/event-stream' -d '{"prompt":"Hello [[fake:rate=10]]"}' ${stack.endpoint}`);
  console.log(`Models (the deployment's catalogue; MODEL_PRICES, GUARDRAIL_ID… from the environment apply):\n  curl${keyHeader} ${stack.modelsUrl}`);
  console.log('\nVS Code settings:', JSON.stringify({ 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': auth }));
  stopOnSignal([() => stack.close()]);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
