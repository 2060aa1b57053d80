import * as vscode from 'vscode';
import type { ErrorFix } from '../../chat/errorFix';
import { inertText } from '../../util/inertText';
import { CONFIGURE_ENDPOINT_COMMAND } from '../commandIds';

/** Runs the way out of a failed answer that the host chose for it (never anything the webview sent). */
export async function runErrorFix(fix: ErrorFix): Promise<void> {
  switch (fix.kind) {
    case 'copyCommand':
      await vscode.env.clipboard.writeText(fix.command);
      void vscode.window.showInformationMessage(vscode.l10n.t('Ask Bedrock: copied "{0}". Run it in a terminal, then press Retry.', inertText(fix.command, 200)));
      return;
    case 'openSetting':
      await vscode.commands.executeCommand('workbench.action.openSettings', fix.setting);
      return;
    case 'configureEndpoint':
      await vscode.commands.executeCommand(CONFIGURE_ENDPOINT_COMMAND);
      return;
  }
}
