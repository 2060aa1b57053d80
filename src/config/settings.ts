import type * as vscode from 'vscode';
import type { Timeouts } from '../transport/dispatcher';

export type AuthMode = 'none' | 'apiKey' | 'iam';

/** Everything Ask Bedrock reads from settings, resolved and validated. */
export interface Settings {
  endpoint: string;
  auth: AuthMode;
  awsProfile: string;
  awsRegion: string;
  modelId: string;
  maxTokens: number;
  temperature: number;
  systemPrompt: string;
  timeouts: Timeouts;
}

export const SECTION = 'askBedrock';

/**
 * Settings that decide where code is sent. They are read only from user (global) settings or
 * their defaults — never from a workspace or folder — even if a workspace file sets them.
 */
export const TRUSTED_ONLY_KEYS = ['endpoint', 'auth', 'aws.profile', 'aws.region'] as const;

/**
 * Settings a workspace may set only once it is trusted (package.json `restrictedConfigurations`).
 * VS Code already drops their workspace values in restricted mode; reading them here too keeps
 * that true however the configuration reaches us.
 */
export const RESTRICTED_KEYS = ['modelId', 'systemPrompt', 'maxTokens', 'temperature'] as const;

/** Reads the settings: where-code-goes settings from user scope only, and restricted ones too when the workspace is untrusted. */
export function readSettings(config: vscode.WorkspaceConfiguration, workspaceTrusted: boolean): Settings {
  const userOnly = <T>(key: string, fallback: T): T => {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const restricted = <T>(key: (typeof RESTRICTED_KEYS)[number], fallback: T): T => (workspaceTrusted ? config.get<T>(key, fallback) : userOnly(key, fallback));
  const auth = userOnly<string>('auth', 'iam');
  return {
    endpoint: userOnly('endpoint', '').trim(),
    auth: auth === 'none' || auth === 'apiKey' ? auth : 'iam',
    awsProfile: userOnly('aws.profile', '').trim(),
    awsRegion: userOnly('aws.region', '').trim(),
    modelId: restricted('modelId', '').trim(),
    maxTokens: clampInt(restricted('maxTokens', 2048), 1, 200_000, 2048),
    temperature: clampNumber(restricted('temperature', 0.2), 0, 1, 0.2),
    systemPrompt: restricted('systemPrompt', ''),
    timeouts: {
      connectMs: clampInt(config.get<number>('timeouts.connectSeconds', 10), 1, 300, 10) * 1000,
      firstByteMs: clampInt(config.get<number>('timeouts.firstByteSeconds', 60), 1, 900, 60) * 1000,
      idleMs: clampInt(config.get<number>('timeouts.idleSeconds', 60), 1, 900, 60) * 1000,
    },
  };
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
