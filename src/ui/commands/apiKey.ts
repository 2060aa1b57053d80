import * as vscode from 'vscode';

const SECRET_KEY = 'askBedrock.apiKey';

/** The API key for `apiKey` auth, kept only in VS Code's SecretStorage. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key, if any. */
  read(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_KEY);
  }

  /** Asks for the key (masked input) and stores it; true when a key was saved. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Ask Bedrock: Set API Key'),
      prompt: vscode.l10n.t('The API Gateway API key for your endpoint (sent as x-api-key). Stored in VS Code\'s secret storage.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 10 ? vscode.l10n.t('An API Gateway key is at least 20 characters.') : undefined),
    });
    if (!key) return false;
    await this.store(key.trim());
    return true;
  }

  /** Saves a key. */
  store(key: string): Thenable<void> {
    return this.secrets.store(SECRET_KEY, key);
  }

  /** Removes the key. */
  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }
}
