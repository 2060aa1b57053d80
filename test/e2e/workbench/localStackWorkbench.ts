import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalStack } from '../../../infra/local/stack';
import type { VsCodeVersion } from '../../../tools/codeServer';
import { packageExtension } from './packageExtension';
import { openWorkbench, type Workbench } from './workbench';

/** The file every workbench flow test opens: small, typed, with an obvious answer. */
export const COUNT_LINES_SOURCE = 'export function countLines(text: string): number {\n  return text.split("\\n").length;\n}\n';

type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/** The local stack and the packaged extension in a workbench whose folder holds `lines.ts`. */
export interface LocalStackWorkbench {
  stack: LocalStack;
  workbench: Workbench;
  workspaceFolder: string;
  close(): Promise<void>;
}

/**
 * Starts the local stack (demo model, paced like a real model), a fresh folder with `lines.ts`,
 * and the workbench with the packaged extension and `userSettings(stack)`.
 */
export async function openLocalStackWorkbench(options: {
  folderPrefix: string;
  vscodeVersion?: VsCodeVersion;
  userSettings: (stack: LocalStack) => Record<string, unknown>;
  /** The Lambda's environment (e.g. MODEL_PRICES), as startLocalStack takes it. */
  lambdaEnv?: Record<string, string>;
}): Promise<LocalStackWorkbench> {
  const stack = await startLocalStack({ port: 0, auth: 'none', fake: { firstTokenDelayMs: 100, tokensPerSecond: 120 }, ...(options.lambdaEnv ? { env: options.lambdaEnv } : {}) });
  const workspaceFolder = mkdtempSync(path.join(tmpdir(), options.folderPrefix));
  writeFileSync(path.join(workspaceFolder, 'lines.ts'), COUNT_LINES_SOURCE);
  const workbench = await openWorkbench({
    vsix: packageExtension(),
    workspaceFolder,
    ...(options.vscodeVersion ? { vscodeVersion: options.vscodeVersion } : {}),
    userSettings: options.userSettings(stack),
  });
  return {
    stack,
    workbench,
    workspaceFolder,
    close: async () => {
      await workbench.close();
      await stack.close();
      rmSync(workspaceFolder, { recursive: true, force: true });
    },
  };
}
