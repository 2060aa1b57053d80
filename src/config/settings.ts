import type * as vscode from 'vscode';
import { isAuthMode } from '../protocol/wire';
import { DEFAULT_ANSWER_LIMITS } from '../transport/answerLimits';
import type { HttpSettings } from '../transport/dispatcher';
import type { EndpointOptions } from '../transport/endpointClient';
import { clampInt } from '../util/clamp';

/** Everything Ask Bedrock reads from settings, resolved and validated. */
export interface Settings extends EndpointOptions {
  modelId: string;
  maxTokens: number;
  temperature: number;
  systemPrompt: string;
  /** Whether saved chat history keeps the code selected with a question (see readSaveCodeContext). */
  saveCodeContext: boolean;
}

export const SECTION = 'askBedrock';

const DEFAULT_MEGABYTES = DEFAULT_ANSWER_LIMITS.maxBytes / 2 ** 20;
const DEFAULT_SECONDS = DEFAULT_ANSWER_LIMITS.maxMs / 1000;

/**
 * Settings that decide where code is sent, and the answer bounds that keep an endpoint from
 * exhausting the extension host. They are read only from user (global) settings or their
 * defaults — never from a workspace or folder — even if a workspace file sets them.
 */
export const TRUSTED_ONLY_KEYS = ['endpoint', 'auth', 'aws.profile', 'aws.region', 'limits.answerMegabytes', 'timeouts.answerSeconds'] as const;

/**
 * Settings a workspace may set only once it is trusted (package.json `restrictedConfigurations`).
 * VS Code already drops their workspace values in restricted mode; reading them here too keeps
 * that true however the configuration reaches us.
 */
export const RESTRICTED_KEYS = ['modelId', 'systemPrompt', 'maxTokens', 'temperature'] as const;

/** Reads the settings: where-code-goes settings and answer bounds from user scope only, and restricted ones too when the workspace is untrusted. */
export function readSettings(config: vscode.WorkspaceConfiguration, workspaceTrusted: boolean): Settings {
  const userOnly = <T>(key: (typeof TRUSTED_ONLY_KEYS)[number] | (typeof RESTRICTED_KEYS)[number], fallback: T): T => {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const restricted = <T>(key: (typeof RESTRICTED_KEYS)[number], fallback: T): T => (workspaceTrusted ? config.get<T>(key, fallback) : userOnly(key, fallback));
  const auth = userOnly<string>('auth', 'iam');
  return {
    endpoint: userOnly('endpoint', '').trim(),
    auth: isAuthMode(auth) ? auth : 'iam',
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
    answerLimits: {
      maxBytes: clampInt(userOnly<unknown>('limits.answerMegabytes', DEFAULT_MEGABYTES), 1, 256, DEFAULT_MEGABYTES) * 2 ** 20,
      maxMs: clampInt(userOnly<unknown>('timeouts.answerSeconds', DEFAULT_SECONDS), 1, 3600, DEFAULT_SECONDS) * 1000,
    },
    saveCodeContext: readSaveCodeContext(config),
  };
}

/** VS Code's own `http.*` settings the transport honours: proxy and certificates. */
export function readHttpSettings(http: vscode.WorkspaceConfiguration): HttpSettings {
  return {
    proxy: http.get<string>('proxy'),
    noProxy: http.get<string[]>('noProxy'),
    strictSSL: http.get<boolean>('proxyStrictSSL'),
    systemCertificates: http.get<boolean>('systemCertificates'),
  };
}

/**
 * `history.saveCodeContext`: off as soon as any scope (user, workspace, folder) turns it off, so a
 * workspace can keep its code out of saved history but can never turn saving on against the user.
 */
export function readSaveCodeContext(config: vscode.WorkspaceConfiguration): boolean {
  const inspected = config.inspect<unknown>('history.saveCodeContext');
  const values = [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue];
  return !values.includes(false);
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
