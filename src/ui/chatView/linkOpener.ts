import * as vscode from 'vscode';
import { linkConsent } from './linkConsent';

/**
 * Opens a link from model output only after the user confirms it in a modal that names the
 * link's host first (see linkConsent); refused and unsupported links open nothing.
 */
export async function openLinkWithConfirmation(href: string): Promise<boolean> {
  const consent = linkConsent(href);
  if (consent.action === 'ignore') return false;
  // Modal dialogs show message and detail as plain text (no markdown, links or codicons).
  if (consent.action === 'refuse') {
    await vscode.window.showWarningMessage(consent.message, { modal: true, detail: consent.detail });
    return false;
  }
  const open = vscode.l10n.t('Open');
  const answer = await vscode.window.showWarningMessage(consent.message, { modal: true, detail: consent.detail }, open);
  if (answer !== open) return false;
  return vscode.env.openExternal(vscode.Uri.parse(consent.url, true));
}
