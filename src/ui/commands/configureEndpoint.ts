import * as vscode from 'vscode';
import { SECTION } from '../../config/settings';
import type { AuthMode } from '../../protocol/wire';
import { regionFromHost } from '../../transport/auth';
import { checkEndpointUrl } from '../../transport/endpointUrl';
import type { ApiKeyStore } from './apiKey';
import { CHECK_ENDPOINT_COMMAND, type CheckEndpointOptions } from './checkEndpoint';

/** Checks a URL typed as the endpoint (the transport's rule); returns a message when it is not usable. */
export function validateEndpointUrl(value: string): string | undefined {
  const checked = checkEndpointUrl(value);
  return checked.ok ? undefined : checked.message;
}

/**
 * The "Configure Endpoint" guided input: URL → auth mode → key or AWS profile/region, saved to
 * user settings (never the workspace), then the endpoint check (Check Endpoint) to show it works.
 */
export async function configureEndpoint(apiKeys: ApiKeyStore): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const endpoint = await vscode.window.showInputBox({
    title: vscode.l10n.t('Ask Bedrock: Configure Endpoint (1/3)'),
    prompt: vscode.l10n.t('The URL of your deployed endpoint (the ChatEndpoint output of the CDK stack), or of `npm run local`.'),
    value: config.inspect<string>('endpoint')?.globalValue ?? '',
    ignoreFocusOut: true,
    validateInput: validateEndpointUrl,
  });
  if (endpoint === undefined) return;

  const items: (vscode.QuickPickItem & { mode: AuthMode })[] = [
    { mode: 'iam', label: 'IAM (SigV4)', description: vscode.l10n.t('recommended'), detail: vscode.l10n.t('Signs requests with your AWS credentials (profile, SSO, environment).') },
    { mode: 'apiKey', label: vscode.l10n.t('API key'), detail: vscode.l10n.t('Sends an API Gateway API key in x-api-key; the key is kept in secret storage.') },
    { mode: 'none', label: vscode.l10n.t('None'), detail: vscode.l10n.t('For a local endpoint or an API deployed with auth=none.') },
  ];
  const current = config.inspect<AuthMode>('auth')?.globalValue;
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({ ...item, picked: item.mode === current })),
    { title: vscode.l10n.t('Ask Bedrock: Configure Endpoint (2/3) — authentication'), ignoreFocusOut: true },
  );
  if (!picked) return;

  let profile: string | undefined;
  let region: string | undefined;
  if (picked.mode === 'apiKey') {
    const hasKey = Boolean(await apiKeys.read());
    if (!hasKey && !(await apiKeys.prompt())) return;
  } else if (picked.mode === 'iam') {
    profile = await vscode.window.showInputBox({
      title: vscode.l10n.t('Ask Bedrock: Configure Endpoint (3/3) — AWS profile'),
      prompt: vscode.l10n.t('The AWS profile whose credentials sign requests. Leave empty for the default credential chain.'),
      value: config.inspect<string>('aws.profile')?.globalValue ?? '',
      ignoreFocusOut: true,
    });
    if (profile === undefined) return;
    const derived = regionFromHost(safeHost(endpoint));
    region = await vscode.window.showInputBox({
      title: vscode.l10n.t('Ask Bedrock: Configure Endpoint (3/3) — AWS region'),
      prompt: derived ? vscode.l10n.t('Leave empty to use {0}, from the endpoint URL.', derived) : vscode.l10n.t('The region of the API (needed for custom domains).'),
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
  const options: CheckEndpointOptions = { revealOnlyOnFailure: true };
  await vscode.commands.executeCommand(CHECK_ENDPOINT_COMMAND, options);
}

function safeHost(url: string): string {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return '';
  }
}
