import * as vscode from 'vscode';
import { SECTION, type AuthMode } from '../config/settings';
import type { AnswerSource } from '../chat/session';
import { regionFromHost } from '../transport/auth';
import { TransportError } from '../transport/errors';
import type { ApiKeyStore } from './apiKey';

/** Checks a URL typed as the endpoint; returns a message when it is not usable. */
export function validateEndpointUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return 'Enter the URL of your endpoint, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'That is not a URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The endpoint must be an https:// URL.';
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) return 'Use https:// (plain http is only allowed for a local endpoint).';
  return undefined;
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
    let text = '';
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Ask Bedrock: testing the endpoint…', cancellable: true },
      async (_p, token) => {
        token.onCancellationRequested(() => controller.abort());
        for await (const event of answer({ prompt: 'Reply with the single word OK.', maxTokens: 16 }, controller.signal)) {
          if (event.type === 'start') model = event.model;
          if (event.type === 'delta') text += event.text;
        }
      },
    );
    void vscode.window.showInformationMessage(
      `Ask Bedrock is connected${model ? ` to ${model}` : ''}: the first answer took ${Date.now() - started} ms${text ? '' : ' (empty answer)'}.`,
    );
    return true;
  } catch (err) {
    const message = err instanceof TransportError ? err.message : String(err);
    const retry = 'Configure Again';
    const choice = await vscode.window.showErrorMessage(`Ask Bedrock could not reach the endpoint: ${message}`, retry);
    if (choice === retry) void vscode.commands.executeCommand('askBedrock.configureEndpoint');
    return false;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return '';
  }
}
