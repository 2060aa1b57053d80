import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { attachFile, workspaceFileItems } from '../../src/context/collectAttachments';
import type { AskBedrockTestApi } from '../../src/extension';
import { activateExtension, useLocalStack, type LocalStack } from './helpers';

/** Files this suite writes, under one folder of the test workspace (removed at the end). */
const FOLDER = 'attachments-test';

suite('Attachments: chips into the request (local stack)', function () {
  this.timeout(60_000);
  let stack: LocalStack;
  let api: AskBedrockTestApi;
  let root: vscode.Uri;

  const write = async (path: string, content: string | Uint8Array): Promise<vscode.Uri> => {
    const uri = vscode.Uri.joinPath(root, FOLDER, path);
    await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    return uri;
  };
  const openFile = async (uri: vscode.Uri) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration host opens a folder');
    root = folder.uri;
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 5000 } });
    api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
  });
  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.attachments.clear();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('askBedrock').update('context.maxFileKilobytes', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, FOLDER), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await stack?.close();
  });

  test('the active file as a chip: sent with the question (echoed) and listed on the turn; Apply targets it', async () => {
    const code = 'export function greet(name: string) {\n  return `Hello, ${name}`;\n}\n';
    const uri = await write('greet.ts', code);
    await openFile(uri);
    const added = await api.attachments.add('activeFile');
    assert.equal(added.length, 1);
    assert.deepEqual({ kind: added[0].kind, label: added[0].label, detail: added[0].detail, bytes: added[0].bytes }, { kind: 'file', label: 'greet.ts', detail: `${FOLDER}/greet.ts`, bytes: code.length });
    assert.deepEqual(api.attachments.list(), added, 'the chip is pending');

    // What the panel does on Send: the chips shown go with the question.
    const turn = await api.session.ask('What does this do? [[fake:echo]]', api.attachments.take(added.map((a) => a.id)));
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.ok(turn.answer.includes(code.trimEnd()), `the request carried the file's text: ${turn.answer}`);
    assert.match(turn.answer, /greet\.ts/, 'and its name');
    assert.deepEqual(turn.attachments?.map((a) => a.label), ['greet.ts'], 'the turn lists what was sent');
    assert.deepEqual(api.attachments.list(), [], 'sent chips are gone');
    assert.equal(api.session.applyTargetFor(turn.id)?.uri, uri.toString(), 'Apply proposes to the attached file');
  });

  test('the selection as a chip carries its lines and range', async () => {
    const uri = await write('lines.ts', 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    const editor = await openFile(uri);
    editor.selection = new vscode.Selection(1, 0, 3, 0);
    const [chip] = await api.attachments.add('selection');
    assert.equal(chip?.label, 'lines.ts:2-3');
    const [attachment] = api.attachments.take([chip.id]);
    assert.equal(attachment.content, 'const b = 2;\nconst c = 3;\n');
    assert.deepEqual(attachment.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } });
  });

  test('problems of the active file go as a list', async () => {
    const uri = await write('broken.ts', 'const x: number = "one";\n');
    await openFile(uri);
    const diagnostics = vscode.languages.createDiagnosticCollection('attachments-test');
    try {
      diagnostics.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 6, 0, 7), "Type 'string' is not assignable to type 'number'.", vscode.DiagnosticSeverity.Error)]);
      const [chip] = await api.attachments.add('problems');
      assert.equal(chip?.label, 'Problems in broken.ts (1)');
      const turn = await api.session.ask('Fix these [[fake:echo]]', api.attachments.take([chip.id]));
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.match(turn.answer, /error at 1:7: Type 'string' is not assignable to type 'number'\./);
    } finally {
      diagnostics.dispose();
    }
  });

  test('open editors: one chip per file tab', async () => {
    const first = await write('one.ts', 'export const one = 1;\n');
    const second = await write('two.md', '# Two\n');
    await openFile(first);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(second), { preview: false, viewColumn: vscode.ViewColumn.Beside });
    const added = await api.attachments.add('openEditors');
    assert.deepEqual(added.map((a) => a.label).sort(), ['one.ts', 'two.md']);
  });

  test('a file over askBedrock.context.maxFileKilobytes (a workspace value counts) is refused, never attached', async () => {
    await vscode.workspace.getConfiguration('askBedrock').update('context.maxFileKilobytes', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const big = await write('big.ts', `// ${'x'.repeat(2000)}\n`);
      await openFile(big);
      assert.deepEqual(await api.attachments.add('activeFile'), [], 'the open document is refused');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(await attachFile(big), undefined, 'the file on disk is refused (checked before reading)');
      const small = await write('small.ts', 'ok\n');
      assert.ok(await attachFile(small), 'a file under the limit is attached');
      assert.deepEqual(api.attachments.list(), []);
    } finally {
      await vscode.workspace.getConfiguration('askBedrock').update('context.maxFileKilobytes', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a binary file (NUL byte, or not UTF-8) is refused, never attached', async () => {
    const png = await write('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const latin1 = await write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    assert.equal(await attachFile(png), undefined);
    assert.equal(await attachFile(latin1), undefined);
    const utf8 = await write('utf8.txt', 'café, 日本語\n');
    assert.equal((await attachFile(utf8))?.content, 'café, 日本語\n');
  });

  test('the workspace file picker lists files without what files.exclude and search.exclude hide', async () => {
    await write('src/kept.ts', 'export {};\n');
    await write('hidden/by-files-exclude.ts', 'export {};\n');
    await write('generated/by-search-exclude.ts', 'export {};\n');
    const files = vscode.workspace.getConfiguration('files');
    const search = vscode.workspace.getConfiguration('search');
    await files.update('exclude', { '**/hidden': true }, vscode.ConfigurationTarget.Workspace);
    await search.update('exclude', { '**/generated': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const paths = (await workspaceFileItems()).map((item) => vscode.workspace.asRelativePath(item.uri));
      assert.ok(paths.includes(`${FOLDER}/src/kept.ts`), `listed: ${paths.join(', ')}`);
      assert.ok(!paths.some((p) => p.includes('by-files-exclude')), 'files.exclude honoured');
      assert.ok(!paths.some((p) => p.includes('by-search-exclude')), 'search.exclude honoured');
      const kept = (await workspaceFileItems()).find((item) => item.label === 'kept.ts');
      assert.equal(kept?.description, `${FOLDER}/src`, 'the folder is the description (fuzzy matched too)');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await search.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
