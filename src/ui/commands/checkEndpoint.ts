import * as vscode from 'vscode';
import type { Settings } from '../../config/settings';
import * as M from '../../doctor/messages';
import { formatReport } from '../../doctor/report';
import { runDoctor, type DoctorReport } from '../../doctor/runDoctor';
import { inertText } from '../../util/inertText';
import type { ApiKeyStore } from './apiKey';
import { CONFIGURE_ENDPOINT_COMMAND } from '../commandIds';
import type { HttpSettings } from '../../transport/dispatcher';

export const CHECK_ENDPOINT_COMMAND = 'askBedrock.checkEndpoint';

/** Model ids are short; a longer "model" from the endpoint is cut. */
const MAX_SHOWN_MODEL = 100;

export interface CheckEndpointDeps {
  settings: () => Settings;
  /** VS Code's `http.*` settings, as the transport reads them. */
  http: () => HttpSettings;
  apiKeys: ApiKeyStore;
  userAgent: string;
}

/** How the command was asked to run (Configure Endpoint passes it; the palette passes nothing). */
export interface CheckEndpointOptions {
  /** Show the report only when a check failed (the notification offers to copy it either way). */
  revealOnlyOnFailure?: boolean;
}

/**
 * "Ask Bedrock: Check Endpoint": runs the endpoint check with progress, writes the report to an
 * output view and says the outcome in a notification that can copy the report. Resolves with the
 * report (tests), or undefined when cancelled.
 */
export function registerCheckEndpoint(deps: CheckEndpointDeps): vscode.Disposable {
  let output: vscode.OutputChannel | undefined;
  const command = vscode.commands.registerCommand(CHECK_ENDPOINT_COMMAND, async (options?: CheckEndpointOptions): Promise<DoctorReport | undefined> => {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: M.ui.progressTitle, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return runDoctor(
          {
            settings: deps.settings(),
            http: deps.http(),
            readApiKey: () => deps.apiKeys.read(),
            userAgent: deps.userAgent,
          },
          { signal: controller.signal, onProgress: (title, index, total) => progress.report({ message: `${title} (${index + 1}/${total})` }) },
        ).then((done) => (controller.signal.aborted ? undefined : done));
      },
    );
    if (!report) return undefined;
    const text = formatReport(report);
    output ??= vscode.window.createOutputChannel(M.ui.outputName);
    output.replace(text);
    if (report.firstFailure || !options?.revealOnlyOnFailure) output.show(true);
    void announce(report, text);
    return report;
  });
  return vscode.Disposable.from(command, { dispose: () => output?.dispose() });
}

/** The outcome as a notification; endpoint text in it is made inert (no command links). */
async function announce(report: DoctorReport, text: string): Promise<void> {
  const failure = report.firstFailure;
  const copy = M.ui.copyReport;
  let choice: string | undefined;
  if (!failure) {
    const model = inertText(report.answered?.model ?? '', MAX_SHOWN_MODEL);
    choice = await vscode.window.showInformationMessage(M.ui.connected(model, report.answered?.firstByteMs), copy);
  } else {
    // Models and Streaming fail only once the endpoint answered.
    const reached = failure.title === M.titles.models || failure.title === M.titles.streaming;
    const message = (reached ? M.ui.reachedBut : M.ui.unreachable)(failure.title, inertText(failure.detail));
    choice = await vscode.window.showErrorMessage(message, copy, M.ui.configure);
  }
  if (choice === copy) {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(M.ui.copied);
  } else if (choice === M.ui.configure) {
    void vscode.commands.executeCommand(CONFIGURE_ENDPOINT_COMMAND);
  }
}
