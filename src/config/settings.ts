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

/** Reads the settings, taking where-code-goes settings from user scope only. */
export function readSettings(config: vscode.WorkspaceConfiguration): Settings {
  const userOnly = <T>(key: (typeof TRUSTED_ONLY_KEYS)[number], fallback: T): T => {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const auth = userOnly<string>('auth', 'iam');
  return {
    endpoint: userOnly('endpoint', '').trim(),
    auth: auth === 'none' || auth === 'apiKey' ? auth : 'iam',
    awsProfile: userOnly('aws.profile', '').trim(),
    awsRegion: userOnly('aws.region', '').trim(),
    modelId: config.get<string>('modelId', '').trim(),
    maxTokens: clampInt(config.get<number>('maxTokens', 2048), 1, 200_000, 2048),
    temperature: clampNumber(config.get<number>('temperature', 0.2), 0, 1, 0.2),
    systemPrompt: config.get<string>('systemPrompt', ''),
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
