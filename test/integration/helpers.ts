import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
export { waitFor } from '../support/waitFor';
import type { AskBedrockTestApi } from '../../src/extension';
import { startLocalStack } from '../../infra/local/stack';

export const EXTENSION_ID = 'ask-bedrock.ask-bedrock';

/** Activates the extension under test and returns its test hooks. */
export async function activateExtension(): Promise<AskBedrockTestApi> {
  const ext = vscode.extensions.getExtension<AskBedrockTestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  assert.ok(api, 'the extension returns its test hooks in test mode');
  return api;
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;
export type LocalStackOptions = Parameters<typeof startLocalStack>[0];

/** Starts a local stack inside this host and points the user settings at it; returns it. */
export async function useLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stack = await startLocalStack({ port: 0, auth: 'none', ...options });
  const config = vscode.workspace.getConfiguration('askBedrock');
  await config.update('endpoint', stack.endpoint, vscode.ConfigurationTarget.Global);
  await config.update('auth', options?.auth ?? 'none', vscode.ConfigurationTarget.Global);
  return stack;
}

/** Opens a new untitled document with the given text and language, in an editor. */
export async function openEditor(content: string, language = 'typescript'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  return vscode.window.showTextDocument(doc);
}
