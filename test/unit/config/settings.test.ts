import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readSettings, TRUSTED_ONLY_KEYS } from '../../../src/config/settings';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string; default?: unknown }> = manifest.contributes.configuration.properties;

/** A WorkspaceConfiguration with values per scope, as VS Code's inspect() reports them. */
function fakeConfig(values: Record<string, { user?: unknown; workspace?: unknown; folder?: unknown }>): vscode.WorkspaceConfiguration {
  const effective = (key: string) => {
    const v = values[key] ?? {};
    return v.folder ?? v.workspace ?? v.user ?? properties[`askBedrock.${key}`]?.default;
  };
  return {
    get: <T>(key: string, fallback?: T) => (effective(key) as T) ?? fallback,
    has: (key: string) => effective(key) !== undefined,
    inspect: <T>(key: string) => ({
      key: `askBedrock.${key}`,
      defaultValue: properties[`askBedrock.${key}`]?.default as T,
      globalValue: values[key]?.user as T,
      workspaceValue: values[key]?.workspace as T,
      workspaceFolderValue: values[key]?.folder as T,
    }),
    update: async () => undefined,
  } as unknown as vscode.WorkspaceConfiguration;
}

describe('config/settings: trust boundaries', () => {
  it('declares every where-code-goes setting application-scoped, so a workspace cannot set it', () => {
    for (const key of TRUSTED_ONLY_KEYS) {
      assert.equal(properties[`askBedrock.${key}`]?.scope, 'application', `askBedrock.${key} must be application-scoped`);
    }
  });

  it('declares limited support for untrusted workspaces, restricting the model settings', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    for (const key of ['askBedrock.modelId', 'askBedrock.systemPrompt']) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
  });

  it('ignores workspace and folder values for endpoint, auth, profile and region even if they reach the extension', () => {
    const settings = readSettings(
      fakeConfig({
        endpoint: { user: 'https://mine.execute-api.us-east-1.amazonaws.com/prod/chat', workspace: 'https://evil.example.com/x', folder: 'http://127.0.0.1:1/' },
        auth: { workspace: 'none' },
        'aws.profile': { user: 'dev', workspace: 'attacker' },
        'aws.region': { folder: 'cn-north-1' },
      }),
    );
    assert.equal(settings.endpoint, 'https://mine.execute-api.us-east-1.amazonaws.com/prod/chat');
    assert.equal(settings.auth, 'iam', 'the default, not the workspace value');
    assert.equal(settings.awsProfile, 'dev');
    assert.equal(settings.awsRegion, '');
  });

  it('clamps numbers and falls back on nonsense', () => {
    const settings = readSettings(
      fakeConfig({ maxTokens: { user: -5 }, temperature: { user: 7 }, 'timeouts.idleSeconds': { user: 'soon' }, auth: { user: 'root' } }),
    );
    assert.equal(settings.maxTokens, 1);
    assert.equal(settings.temperature, 1);
    assert.equal(settings.timeouts.idleMs, 60_000);
    assert.equal(settings.auth, 'iam');
  });
});
