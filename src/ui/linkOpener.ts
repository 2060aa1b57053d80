import * as vscode from 'vscode';

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** Opens a link from model output only if it is http(s)/mailto and the user confirms. */
export async function openLinkWithConfirmation(href: string): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (!ALLOWED.has(url.protocol)) return false;
  const open = 'Open Link';
  const answer = await vscode.window.showWarningMessage(
    `Open this link from the model's answer?\n\n${url.toString()}`,
    { modal: true, detail: 'Links in answers come from the model. Only open links you trust.' },
    open,
  );
  if (answer !== open) return false;
  return vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
}
