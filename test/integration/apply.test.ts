import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME, type Proposal, type ProposalOutcome } from '../../src/editor/applyProposal';
import type { AskBedrockTestApi } from '../../src/extension';
import { applyTarget } from '../../src/lm/participant';
import { APPLY_FIXTURE as FILE } from '../support/applyFixture';
import { activateExtension, useLocalStack, waitFor, type LocalStack } from './helpers';

/** Files this suite writes, under one folder of the test workspace (removed at the end). */
const FOLDER = 'apply-test';

/** The `add` function: lines 7–9 (0-based), up to the start of line 10. */
const ADD_RANGE = { start: { line: 7, character: 0 }, end: { line: 10, character: 0 } };
const NEW_ADD = 'export function add(a: number, b: number): number {\n  return b + a;\n}';

/** The open diff tabs whose right side is a proposal. */
function proposalDiffs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => tab.input)
    .filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME);
}

suite('Apply: a code block as a diff to accept or reject (real host)', function () {
  this.timeout(60_000);
  let api: AskBedrockTestApi;
  let root: vscode.Uri;
  let count = 0;

  /** A fresh copy of FILE in the workspace, open in an editor. */
  const openFresh = async (content = FILE): Promise<vscode.TextEditor> => {
    const uri = vscode.Uri.joinPath(root, FOLDER, `math${++count}.ts`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  };

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration host opens a folder');
    root = folder.uri;
    api = await activateExtension();
  });
  teardown(async () => {
    for (const proposal of api.proposals.pending) await api.proposals.reject(proposal);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, FOLDER), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('Apply → diff of the file against the proposal → Accept: the file changes; ONE undo reverts it', async () => {
    const editor = await openFresh();
    const document = editor.document;
    const proposal = await api.proposals.propose(NEW_ADD, { uri: document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal);
    const expected = FILE.replace('export function add(a: number, b: number) {\n  return a + b;\n}\n', `${NEW_ADD}\n`);

    const [diff] = proposalDiffs();
    assert.ok(diff, 'a diff is open');
    assert.equal(diff.original.toString(), document.uri.toString(), 'left: the file');
    assert.equal(diff.modified.toString(), proposal.proposedUri.toString(), 'right: the proposal');
    const proposed = await vscode.workspace.openTextDocument(proposal.proposedUri);
    assert.equal(proposed.getText(), expected, 'only the function (the target range) is replaced');
    assert.equal(proposed.languageId, 'typescript', 'highlighted as the file is');
    assert.equal(document.getText(), FILE, 'nothing changes before Accept');

    const outcome = await vscode.commands.executeCommand<ProposalOutcome>('askBedrock.acceptProposal');
    assert.equal(outcome, 'applied');
    assert.equal(await proposal.settled, 'applied');
    assert.equal(document.getText(), expected, 'the file holds the change');
    assert.deepEqual(proposalDiffs(), [], 'the diff closed');
    assert.equal(api.proposals.pending.length, 0);

    assert.equal(vscode.window.activeTextEditor?.document, document, 'the file is shown after Accept');
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), FILE, 'one undo restores the file');
  });

  test('Reject leaves the file as it was and closes the diff', async () => {
    const editor = await openFresh();
    const proposal = await api.proposals.propose(NEW_ADD, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal);
    assert.equal(proposalDiffs().length, 1);
    const outcome = await vscode.commands.executeCommand<ProposalOutcome>('askBedrock.rejectProposal');
    assert.equal(outcome, 'rejected');
    assert.equal(await proposal.settled, 'rejected');
    assert.equal(editor.document.getText(), FILE);
    assert.equal(editor.document.isDirty, false);
    assert.deepEqual(proposalDiffs(), []);
  });

  test('a document changed after the diff opened is refused with a message; the proposal stays to reject', async () => {
    const editor = await openFresh();
    const proposal = await api.proposals.propose(NEW_ADD, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(0, 0), '// edited meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = `// edited meanwhile\n${FILE}`;
    const outcome = await vscode.commands.executeCommand<ProposalOutcome>('askBedrock.acceptProposal', proposal.proposedUri);
    assert.equal(outcome, 'changed');
    assert.equal(editor.document.getText(), changed, 'only the user\'s edit is there');
    assert.deepEqual(api.proposals.pending.map((p) => p.id), [proposal.id], 'still waiting');
    assert.equal(await vscode.commands.executeCommand<ProposalOutcome>('askBedrock.rejectProposal', proposal.proposedUri), 'rejected');
    assert.equal(editor.document.getText(), changed);
  });

  test('Accept with the URI of no shown proposal accepts nothing; an argument of another type is ignored (as from the palette)', async () => {
    const editor = await openFresh();
    const proposal = await api.proposals.propose(NEW_ADD, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal);
    assert.equal(await vscode.commands.executeCommand<ProposalOutcome | undefined>('askBedrock.acceptProposal', vscode.Uri.file('/elsewhere/other.ts')), undefined);
    assert.equal(editor.document.getText(), FILE, 'not applied');
    assert.deepEqual(api.proposals.pending.map((p) => p.id), [proposal.id], 'still waiting');
    assert.equal(await vscode.commands.executeCommand<ProposalOutcome>('askBedrock.rejectProposal', { path: '/elsewhere/other.ts' }), 'rejected', 'the shown diff, as from the palette');
    assert.equal(editor.document.getText(), FILE);
    assert.equal(api.proposals.pending.length, 0);
  });

  test('closing the diff counts as Reject', async () => {
    const editor = await openFresh();
    const proposal = await api.proposals.propose(NEW_ADD, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME);
    await vscode.window.tabGroups.close(tabs);
    assert.equal(await proposal.settled, 'rejected');
    assert.equal(api.proposals.pending.length, 0);
    assert.equal(editor.document.getText(), FILE);
  });

  test('no target: the active editor\'s selection is replaced; a whole-file answer replaces the whole file', async () => {
    const editor = await openFresh();
    editor.selection = new vscode.Selection(7, 0, 10, 0);
    const forSelection = await api.proposals.propose(NEW_ADD);
    assert.ok(forSelection);
    assert.equal((await vscode.workspace.openTextDocument(forSelection.proposedUri)).getText(), FILE.replace('export function add(a: number, b: number) {\n  return a + b;\n}\n', `${NEW_ADD}\n`));
    await api.proposals.reject(forSelection);

    await vscode.window.showTextDocument(editor.document);
    const whole = FILE.replace("'utf8'", "'utf-8'");
    const forFile = await api.proposals.propose(whole, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(forFile);
    assert.equal((await vscode.workspace.openTextDocument(forFile.proposedUri)).getText(), whole, 'the answer restates the file: it replaces the file, not the range');
    assert.equal(await api.proposals.accept(forFile), 'applied');
    assert.equal(editor.document.getText(), whole);
  });

  test('@bedrock\'s Apply button runs the same proposal through askBedrock.applyCodeBlock', async () => {
    const editor = await openFresh();
    const proposal = await vscode.commands.executeCommand<Proposal | undefined>('askBedrock.applyCodeBlock', NEW_ADD, { uri: editor.document.uri.toString(), range: ADD_RANGE });
    assert.ok(proposal, 'a proposal from plain JSON arguments');
    await waitFor(() => proposalDiffs().length === 1, 'the diff opens');
    assert.equal(await api.proposals.accept(proposal), 'applied');
    assert.match(editor.document.getText(), /return b \+ a;/);
  });

  test('@bedrock\'s Apply targets the first file or range referenced (in prompt order), else the selection, else nothing', async () => {
    const editor = await openFresh();
    const file = vscode.Uri.joinPath(root, FOLDER, 'referenced.ts');
    const range = new vscode.Range(1, 0, 2, 5);
    // VS Code lists references last-in-prompt first.
    const references: vscode.ChatPromptReference[] = [
      { id: 'vscode.file', value: file },
      { id: 'vscode.selection', value: new vscode.Location(editor.document.uri, range) },
    ];
    assert.deepEqual(applyTarget(references, editor), { uri: editor.document.uri.toString(), range: { start: { line: 1, character: 0 }, end: { line: 2, character: 5 } } });
    assert.deepEqual(applyTarget([references[0]], editor), { uri: file.toString() });
    editor.selection = new vscode.Selection(3, 0, 4, 0);
    assert.deepEqual(applyTarget([{ id: 'text', value: 'plain' }], editor), { uri: editor.document.uri.toString(), range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } } });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(applyTarget([], editor), undefined, 'the active editor at click time');
  });

  suite('from a panel answer (local stack)', () => {
    let stack: LocalStack;
    suiteSetup(async () => {
      stack = await useLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 5000 } });
    });
    suiteTeardown(async () => {
      await stack?.close();
    });

    test('Apply on a turn proposes to the file the question was about, even when another editor is active', async () => {
      const editor = await openFresh();
      editor.selection = new vscode.Selection(7, 0, 10, 0);
      const [chip] = await api.attachments.add('selection');
      assert.ok(chip);
      const turn = await api.session.ask('Swap the operands [[fake:echo]]', api.attachments.take([chip.id]));
      assert.equal(turn.status, 'done', turn.error?.message);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'other', language: 'plaintext' }));

      const proposal = await api.proposals.propose(NEW_ADD, api.session.applyTargetFor(turn.id));
      assert.ok(proposal);
      assert.equal(proposal.target.toString(), editor.document.uri.toString());
      assert.equal(await api.proposals.accept(proposal), 'applied');
      assert.equal(editor.document.getText(), FILE.replace('export function add(a: number, b: number) {\n  return a + b;\n}\n', `${NEW_ADD}\n`));
    });
  });
});
