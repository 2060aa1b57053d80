import * as vscode from 'vscode';

/**
 * A status-bar item shown while any answer streams (click = Stop), and the
 * `askBedrock.streaming` context key that binds Esc to Stop.
 */
export class StreamingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('askBedrock.streaming', vscode.StatusBarAlignment.Right, 100);
  private readonly sources = new Map<string, boolean>();

  constructor() {
    this.item.name = 'Ask Bedrock';
    this.item.text = '$(loading~spin) Bedrock';
    this.item.tooltip = vscode.l10n.t('Ask Bedrock is streaming an answer. Click to stop.');
    this.item.command = 'askBedrock.stop';
    this.item.accessibilityInformation = { label: vscode.l10n.t('Ask Bedrock is streaming an answer. Activate to stop.'), role: 'button' };
  }

  /** Records whether one source (chat, insertion) is streaming and updates the item. */
  set(source: string, streaming: boolean): void {
    this.sources.set(source, streaming);
    const any = [...this.sources.values()].some(Boolean);
    if (any) this.item.show();
    else this.item.hide();
    void vscode.commands.executeCommand('setContext', 'askBedrock.streaming', any);
  }

  dispose(): void {
    this.item.dispose();
  }
}
