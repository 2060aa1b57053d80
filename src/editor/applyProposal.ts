import * as vscode from 'vscode';
import type { ApplyTarget } from '../chat/attachment';
import { inertText } from '../util/inertText';
import { chooseRange, minimalReplacement, proposeDocument, type OffsetRange } from './proposedEdit';

/** The scheme of the read-only documents that hold a proposed version (the diff's right side). */
export const PROPOSAL_SCHEME = 'ask-bedrock-proposal';
export const ACCEPT_PROPOSAL_COMMAND = 'askBedrock.acceptProposal';
export const REJECT_PROPOSAL_COMMAND = 'askBedrock.rejectProposal';
/** Proposes a code block (`text`, optional ApplyTarget) as a diff: what `@bedrock`'s Apply button runs. */
export const APPLY_CODE_COMMAND = 'askBedrock.applyCodeBlock';
/** Context key: true while a proposed change waits for Accept or Reject (shows the commands in the palette). */
const PENDING_CONTEXT_KEY = 'askBedrock.proposalPending';
/** Long enough for a deep relative path; the middle is cut beyond it. */
const MAX_SHOWN_NAME = 120;

/** How a proposal ended, or why Accept did nothing. */
export type ProposalOutcome = 'applied' | 'rejected' | 'changed' | 'failed';

/** A change shown as a diff, waiting for Accept or Reject. */
export interface Proposal {
  readonly id: string;
  /** The document the change is for (the diff's left side). */
  readonly target: vscode.Uri;
  /** The read-only proposed version (the diff's right side). */
  readonly proposedUri: vscode.Uri;
  /** Resolves once it is applied or rejected (a closed diff counts as rejected). */
  readonly settled: Promise<'applied' | 'rejected'>;
}

interface OpenProposal extends Proposal {
  /** The document's text when the diff opened: Accept refuses if it changed since. */
  readonly original: string;
  readonly proposed: string;
  /** Inert, for messages. */
  readonly name: string;
  finish(outcome: 'applied' | 'rejected'): void;
}

/**
 * Apply for code blocks: opens a diff of the target document against a proposed version, asks
 * "Apply …?", and on Accept makes ONE workspace edit (one undo step) — refused when the document
 * changed after the diff opened. Reject, or closing the diff, leaves the document alone.
 * Registers its content provider and the commands accept/reject/apply-code-block itself.
 */
export class ProposalController implements vscode.Disposable {
  private readonly open = new Map<string, OpenProposal>();
  private readonly disposables: vscode.Disposable[];
  private nextId = 1;

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        provideTextDocumentContent: (uri) => this.byProposedUri(uri.toString())?.proposed ?? '',
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          const proposal = this.proposalOfTab(tab);
          if (proposal) this.settle(proposal, 'rejected');
        }
      }),
      vscode.commands.registerCommand(ACCEPT_PROPOSAL_COMMAND, (uri?: unknown) => this.acceptCommand(uri)),
      vscode.commands.registerCommand(REJECT_PROPOSAL_COMMAND, (uri?: unknown) => this.rejectCommand(uri)),
      vscode.commands.registerCommand(APPLY_CODE_COMMAND, (text: unknown, target?: unknown) => (typeof text === 'string' ? this.propose(text, asApplyTarget(target)) : undefined)),
    ];
  }

  /** The proposals waiting for Accept or Reject, oldest first. */
  get pending(): readonly Proposal[] {
    return [...this.open.values()];
  }

  /**
   * Shows `text` as a change to the target (`target.uri`, else the active editor's document): in
   * place of `target.range` or the editor's selection when the code reads as a new version of
   * it, else of the whole file. Resolves once the diff is open (undefined when there is nothing to propose).
   */
  async propose(text: string, target?: ApplyTarget): Promise<Proposal | undefined> {
    const document = await this.targetDocument(target);
    if (!document) return undefined;
    const original = document.getText();
    const range = chooseRange(text, original, [targetRange(document, target), selectionRange(document)]);
    const proposed = proposeDocument(original, range, text);
    const name = inertText(vscode.workspace.asRelativePath(document.uri), MAX_SHOWN_NAME);
    if (proposed === original) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} already contains this code.', name));
      return undefined;
    }
    // One proposal per document: a newer one replaces it.
    for (const older of this.open.values()) if (older.target.toString() === document.uri.toString()) await this.reject(older);

    const id = String(this.nextId++);
    const proposedUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${baseName(document.uri.path) || 'proposal'}` });
    let finish: (outcome: 'applied' | 'rejected') => void = () => {};
    const settled = new Promise<'applied' | 'rejected'>((resolve) => (finish = resolve));
    const proposal: OpenProposal = { id, target: document.uri, proposedUri, settled, original, proposed, name, finish };
    this.open.set(id, proposal);
    this.updateContextKey();

    try {
      const proposedDocument = await vscode.workspace.openTextDocument(proposedUri);
      if (proposedDocument.languageId !== document.languageId) await vscode.languages.setTextDocumentLanguage(proposedDocument, document.languageId);
      await vscode.commands.executeCommand('vscode.diff', document.uri, proposedUri, vscode.l10n.t('{0} (current ↔ proposed)', baseName(document.uri.path)), { preview: false });
    } catch (err) {
      this.settle(proposal, 'rejected');
      void vscode.window.showWarningMessage(vscode.l10n.t('The proposed change to {0} could not be shown ({1}).', name, inertText(err instanceof Error ? err.message : String(err), 200)));
      return undefined;
    }
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    void vscode.window.showInformationMessage(vscode.l10n.t('Apply the proposed change to {0}?', name), accept, reject).then((choice) => {
      if (!this.open.has(id)) return;
      if (choice === accept) void this.accept(proposal);
      else if (choice === reject) void this.reject(proposal);
    });
    return proposal;
  }

  /** Applies a proposal as one workspace edit, unless its document changed since the diff opened; closes the diff when applied. */
  async accept(proposal: Proposal): Promise<ProposalOutcome> {
    const open = this.open.get(proposal.id);
    if (!open) return 'rejected';
    const document = await vscode.workspace.openTextDocument(open.target);
    if (document.getText() !== open.original) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} changed after the change was proposed, so it was not applied. Reject it and press Apply again.', open.name));
      return 'changed';
    }
    const replacement = minimalReplacement(open.original, open.proposed);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The change could not be applied to {0}.', open.name));
      return 'failed';
    }
    this.settle(open, 'applied');
    await this.closeDiff(open);
    const start = document.positionAt(replacement.start);
    const end = document.positionAt(replacement.start + replacement.text.length);
    await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(start, end) });
    return 'applied';
  }

  /** Drops a proposal and closes its diff; the document stays as it is. */
  async reject(proposal: Proposal): Promise<ProposalOutcome> {
    const open = this.open.get(proposal.id);
    if (!open) return 'rejected';
    this.settle(open, 'rejected');
    await this.closeDiff(open);
    return 'rejected';
  }

  dispose(): void {
    for (const proposal of this.open.values()) proposal.finish('rejected');
    this.open.clear();
    for (const d of this.disposables) d.dispose();
  }

  private async acceptCommand(uri: unknown): Promise<ProposalOutcome | undefined> {
    const proposal = this.find(uri);
    return proposal ? this.accept(proposal) : undefined;
  }

  private async rejectCommand(uri: unknown): Promise<ProposalOutcome | undefined> {
    const proposal = this.find(uri);
    return proposal ? this.reject(proposal) : undefined;
  }

  /**
   * The proposal a command means: the one of the URI it was run on (the diff's editor title) —
   * none when no shown proposal has that URI, never another one —, else (no URI: the palette;
   * an argument of another type is ignored) the active diff's, else the newest.
   */
  private find(uri: unknown): OpenProposal | undefined {
    const all = [...this.open.values()];
    if (uri instanceof vscode.Uri) {
      const key = uri.toString();
      return all.find((p) => p.proposedUri.toString() === key || p.target.toString() === key);
    }
    const activeTab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const found = (activeTab && this.proposalOfTab(activeTab)) ?? all.at(-1);
    if (!found) void vscode.window.showInformationMessage(vscode.l10n.t('No proposed change is waiting to be applied.'));
    return found;
  }

  private proposalOfTab(tab: vscode.Tab): OpenProposal | undefined {
    if (!(tab.input instanceof vscode.TabInputTextDiff) || tab.input.modified.scheme !== PROPOSAL_SCHEME) return undefined;
    return this.byProposedUri(tab.input.modified.toString());
  }

  /** The open proposal whose proposed document has this URI (as a string). */
  private byProposedUri(key: string): OpenProposal | undefined {
    return [...this.open.values()].find((p) => p.proposedUri.toString() === key);
  }

  private settle(proposal: OpenProposal, outcome: 'applied' | 'rejected'): void {
    if (!this.open.delete(proposal.id)) return;
    proposal.finish(outcome);
    this.updateContextKey();
  }

  private async closeDiff(proposal: OpenProposal): Promise<void> {
    const key = proposal.proposedUri.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === key);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  private updateContextKey(): void {
    void vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, this.open.size > 0);
  }

  /** `target.uri`'s document, else the active (or first visible) editor's; undefined, with a message, when there is none. */
  private async targetDocument(target: ApplyTarget | undefined): Promise<vscode.TextDocument | undefined> {
    if (target) {
      try {
        return await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri, true));
      } catch (err) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The file the question was about could not be opened ({0}).', inertText(err instanceof Error ? err.message : String(err), 200)));
        return undefined;
      }
    }
    const editors = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors];
    const editor = editors.find((e) => e && isEditable(e.document));
    if (!editor) void vscode.window.showInformationMessage(vscode.l10n.t('Open the file to apply the code to, then press Apply again.'));
    return editor?.document;
  }
}

/** A code block's target as the command received it (plain JSON from a chat button); undefined when it is not one. */
function asApplyTarget(value: unknown): ApplyTarget | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { uri, range } = value as { uri?: unknown; range?: unknown };
  if (typeof uri !== 'string' || !uri) return undefined;
  return isRange(range) ? { uri, range } : { uri };
}

function isRange(value: unknown): value is NonNullable<ApplyTarget['range']> {
  const position = (p: unknown) => !!p && typeof p === 'object' && Number.isInteger((p as { line?: unknown }).line) && Number.isInteger((p as { character?: unknown }).character);
  return !!value && typeof value === 'object' && position((value as { start?: unknown }).start) && position((value as { end?: unknown }).end);
}

function targetRange(document: vscode.TextDocument, target: ApplyTarget | undefined): OffsetRange | undefined {
  if (!target?.range) return undefined;
  const start = document.validatePosition(new vscode.Position(Math.max(0, target.range.start.line), Math.max(0, target.range.start.character)));
  const end = document.validatePosition(new vscode.Position(Math.max(0, target.range.end.line), Math.max(0, target.range.end.character)));
  return { start: document.offsetAt(start), end: document.offsetAt(end) };
}

/** The selection of an editor showing `document` (the active one first); undefined when empty. */
function selectionRange(document: vscode.TextDocument): OffsetRange | undefined {
  const editors = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors];
  const editor = editors.find((e) => e?.document === document);
  if (!editor || editor.selection.isEmpty) return undefined;
  return { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
}

/** Documents a change can be applied to: not our own proposals, not output channels. */
function isEditable(document: vscode.TextDocument): boolean {
  return document.uri.scheme !== PROPOSAL_SCHEME && document.uri.scheme !== 'output';
}

function baseName(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? '';
}
