import * as vscode from 'vscode';
import { connectionTestRequest } from '../../chat/request';
import { SECTION } from '../../config/settings';
import type { AuthMode } from '../../protocol/wire';
import { regionFromHost } from '../../transport/auth';
import { CERTIFICATE_CHECKS_OFF } from '../../transport/dispatcher';
import { checkEndpointUrl } from '../../transport/endpointUrl';
import { TransportError } from '../../transport/errors';
import type { AnswerSource } from '../../transport/streamAnswer';
import { inertText } from '../../util/inertText';
import type { ApiKeyStore } from './apiKey';

/** Model ids are short; a longer "model" from the endpoint is cut. */
const MAX_SHOWN_MODEL = 100;

/** Checks a URL typed as the endpoint (the transport's rule); returns a message when it is not usable. */
export function validateEndpointUrl(value: string): string | undefined {
  const checked = checkEndpointUrl(value);
  return checked.ok ? undefined : checked.message;
}

/**
 * The "Configure Endpoint" guided input: URL → auth mode → key or AWS profile/region, saved to
 * user settings (never the workspace), then a test request to show it works.
 */
export async function configureEndpoint(apiKeys: ApiKeyStore, answer: AnswerSource): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const endpoint = await vscode.window.showInputBox({
    title: 'Ask Bedrock: Configure Endpoint (1/3)',
    prompt: 'The URL of your deployed endpoint (the ChatEndpoint output of the CDK stack), or of `npm run local`.',
    value: config.inspect<string>('endpoint')?.globalValue ?? '',
    ignoreFocusOut: true,
    validateInput: validateEndpointUrl,
  });
  if (endpoint === undefined) return;

  const items: (vscode.QuickPickItem & { mode: AuthMode })[] = [
    { mode: 'iam', label: 'IAM (SigV4)', description: 'recommended', detail: 'Signs requests with your AWS credentials (profile, SSO, environment).' },
    { mode: 'apiKey', label: 'API key', detail: 'Sends an API Gateway API key in x-api-key; the key is kept in secret storage.' },
    { mode: 'none', label: 'None', detail: 'For a local endpoint or an API deployed with auth=none.' },
  ];
  const current = config.inspect<AuthMode>('auth')?.globalValue;
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({ ...item, picked: item.mode === current })),
    { title: 'Ask Bedrock: Configure Endpoint (2/3) — authentication', ignoreFocusOut: true },
  );
  if (!picked) return;

  let profile: string | undefined;
  let region: string | undefined;
  if (picked.mode === 'apiKey') {
    const hasKey = Boolean(await apiKeys.read());
    if (!hasKey && !(await apiKeys.prompt())) return;
  } else if (picked.mode === 'iam') {
    profile = await vscode.window.showInputBox({
      title: 'Ask Bedrock: Configure Endpoint (3/3) — AWS profile',
      prompt: 'The AWS profile whose credentials sign requests. Leave empty for the default credential chain.',
      value: config.inspect<string>('aws.profile')?.globalValue ?? '',
      ignoreFocusOut: true,
    });
    if (profile === undefined) return;
    const derived = regionFromHost(safeHost(endpoint));
    region = await vscode.window.showInputBox({
      title: 'Ask Bedrock: Configure Endpoint (3/3) — AWS region',
      prompt: derived ? `Leave empty to use ${derived}, from the endpoint URL.` : 'The region of the API (needed for custom domains).',
      value: config.inspect<string>('aws.region')?.globalValue ?? '',
      ignoreFocusOut: true,
    });
    if (region === undefined) return;
  }

  const target = vscode.ConfigurationTarget.Global;
  await config.update('endpoint', endpoint.trim(), target);
  await config.update('auth', picked.mode, target);
  if (profile !== undefined) await config.update('aws.profile', profile.trim(), target);
  if (region !== undefined) await config.update('aws.region', region.trim(), target);
  await testConnection(answer);
}

/** Sends a tiny request and says whether the endpoint answers (and how fast). */
export async function testConnection(answer: AnswerSource): Promise<boolean> {
  const started = Date.now();
  const controller = new AbortController();
  try {
    let model = '';
    let answered = false;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Ask Bedrock: testing the endpoint…', cancellable: true },
      async (_p, token) => {
        token.onCancellationRequested(() => controller.abort());
        for await (const event of answer(connectionTestRequest(), controller.signal)) {
          if (event.type === 'start') model = event.model;
          if (event.type === 'delta' && event.text) answered = true;
        }
      },
    );
    const shownModel = inertText(model, MAX_SHOWN_MODEL);
    void vscode.window.showInformationMessage(
      `Ask Bedrock is connected${shownModel ? ` to ${shownModel}` : ''}: the first answer took ${Date.now() - started} ms${answered ? '' : ' (empty answer)'}.${certificateChecksNote()}`,
    );
    return true;
  } catch (err) {
    const message = err instanceof TransportError ? err.message : String(err);
    const retry = 'Configure Again';
    const choice = await vscode.window.showErrorMessage(`Ask Bedrock could not reach the endpoint: ${inertText(message)}${certificateChecksNote()}`, retry);
    if (choice === retry) void vscode.commands.executeCommand('askBedrock.configureEndpoint');
    return false;
  }
}

/** What the connection test adds to its result while VS Code's `http.proxyStrictSSL` is false. */
function certificateChecksNote(): string {
  return vscode.workspace.getConfiguration('http').get<boolean>('proxyStrictSSL') === false ? ` ${CERTIFICATE_CHECKS_OFF}` : '';
}

function safeHost(url: string): string {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return '';
  }
}
