/**
 * The built ESLint plugin inside the real vscode-eslint-language-server, driven over LSP like the
 * VS Code ESLint extension: settings through `workspace/configuration`, pull diagnostics,
 * a suggestion applied through a code action. Ranges are checked against ESLint's own API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.js';
import { eslintProject, SHOP, SHOP_SKIP } from './eslint-project.js';
import { ensureBuiltPlugin, repoRoot } from '../tsserver/built-plugin.js';
import { editShopSchema, EXPECTED_RULES } from '../tsserver/shop-edits.js';
import type { TempProject } from '../tsserver/temp-project.js';

const SETTINGS = { migrationsRunOutsideTransaction: true };

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  code?: string | { value: string };
  source?: string;
}

interface TextEdit {
  range: LspDiagnostic['range'];
  newText: string;
}

interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: Array<{ edits: TextEdit[] }>;
}

const ruleOf = (d: LspDiagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code).replace('drizzle-migrations/', '');

/** The settings object the vscode-eslint extension answers `workspace/configuration` with. */
function extensionSettings(workspace: string) {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    // `experimental.useFlatConfig: true` makes the server look for the FlatESLint class, which ESLint 10 removed.
    experimental: { useFlatConfig: false },
    codeAction: { disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' }, showDocumentation: { enable: true } },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { uri: pathToFileURL(workspace).href, name: path.basename(workspace) },
  };
}

describe('vscode-eslint-language-server with the built plugin', () => {
  let project: TempProject;
  let server: LspClient;
  let schemaFile: string;
  let uri: string;
  let edited: string;

  beforeAll(async () => {
    await ensureBuiltPlugin('eslint');
    project = eslintProject(SHOP, SETTINGS, SHOP_SKIP);
    schemaFile = project.file('schema.ts');
    uri = pathToFileURL(schemaFile).href;
    edited = editShopSchema(readFileSync(schemaFile, 'utf8'));

    server = new LspClient(process.execPath, [path.join(repoRoot, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server'), '--stdio'], project.dir);
    server.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => extensionSettings(project.dir)));
    server.onRequest('client/registerCapability', () => null);
    server.onRequest('eslint/noLibrary', () => ({}));
    server.onRequest('eslint/noConfig', () => ({}));
    server.onRequest('eslint/probeFailed', () => ({}));
    server.onRequest('eslint/openDoc', () => ({}));
    await server.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project.dir).href,
      workspaceFolders: [{ uri: pathToFileURL(project.dir).href, name: 'shop' }],
      capabilities: {
        workspace: { configuration: true, applyEdit: true, workspaceFolders: true },
        textDocument: {
          diagnostic: { dynamicRegistration: false },
          publishDiagnostics: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
        },
      },
    });
    server.notify('initialized', {});
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: edited } });
  });

  afterAll(() => {
    server?.close();
    project?.remove();
  });

  async function pullDiagnostics(): Promise<LspDiagnostic[]> {
    const report = await server.request('textDocument/diagnostic', { textDocument: { uri } }, 60_000);
    return (report.items as LspDiagnostic[]).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('drizzle-migrations/'));
  }

  it('pulls our diagnostics for the unsaved buffer, with the ranges ESLint itself reports', async () => {
    const diagnostics = await pullDiagnostics();
    expect(diagnostics.map(ruleOf).sort()).toEqual(EXPECTED_RULES);

    const eslint = new ESLint({ cwd: project.dir });
    const [result] = await eslint.lintText(edited, { filePath: schemaFile });
    for (const message of result.messages) {
      const diagnostic = diagnostics.find((d) => ruleOf(d) === message.ruleId!.replace('drizzle-migrations/', ''))!;
      expect(diagnostic.range).toEqual({
        start: { line: message.line - 1, character: message.column - 1 },
        end: { line: message.endLine! - 1, character: message.endColumn! - 1 },
      });
    }
    expect(result.messages).toHaveLength(diagnostics.length);
  });

  it('applies a suggestion through a code action', async () => {
    const diagnostics = await pullDiagnostics();
    const target = diagnostics.find((d) => ruleOf(d) === 'require-concurrent-index')!;
    const actions: Array<{ title: string; edit?: WorkspaceEdit; command?: { command: string; arguments?: unknown[] } }> = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    });
    const suggestion = actions.find((a) => a.title.includes('.concurrently()'));
    expect(suggestion, JSON.stringify(actions.map((a) => a.title))).toBeDefined();

    // The server answers with a command; running it makes the server send the edit back (`workspace/applyEdit`).
    let edit = suggestion!.edit;
    if (!edit && suggestion!.command) {
      const applied = new Promise<WorkspaceEdit>((resolve) =>
        server.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
          resolve(params.edit);
          return { applied: true };
        }),
      );
      await server.request('workspace/executeCommand', suggestion!.command);
      edit = await Promise.race([applied, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no workspace/applyEdit')), 30_000))]);
    }
    const edits: TextEdit[] = edit?.changes?.[uri] ?? edit?.documentChanges?.flatMap((c) => c.edits) ?? [];
    expect(edits.length).toBeGreaterThan(0);
    const lines = edited.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let fixed = edited;
    for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
      fixed = fixed.slice(0, offset(edit.range.start)) + edit.newText + fixed.slice(offset(edit.range.end));
    }
    expect(fixed).toContain("index('orders_note_idx').on(t.note).concurrently()");

    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await pullDiagnostics();
    expect(after.map(ruleOf).sort()).toEqual(EXPECTED_RULES.filter((r) => r !== 'require-concurrent-index'));
  });

  it('lints a migration .sql file through the SQL language, with the ranges ESLint itself reports', async () => {
    const sqlFile = project.file('drizzle/0002_v03.sql');
    const sqlUri = pathToFileURL(sqlFile).href;
    const text = readFileSync(sqlFile, 'utf8');
    server.notify('textDocument/didOpen', { textDocument: { uri: sqlUri, languageId: 'sql', version: 1, text } });
    const report = await server.request('textDocument/diagnostic', { textDocument: { uri: sqlUri } }, 60_000);
    const diagnostics = (report.items as LspDiagnostic[]).filter((d) => ruleOf(d) !== String(d.code));

    const [result] = await new ESLint({ cwd: project.dir }).lintFiles([sqlFile]);
    expect(result.messages.length).toBeGreaterThan(0);
    expect(result.messages.every((m) => m.ruleId?.startsWith('drizzle-migrations/'))).toBe(true);
    expect(
      diagnostics.map((d) => [ruleOf(d), d.range]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(
      result.messages
        .map((m) => [
          m.ruleId!.replace('drizzle-migrations/', ''),
          { start: { line: m.line - 1, character: m.column - 1 }, end: { line: m.endLine! - 1, character: m.endColumn! - 1 } },
        ])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  });
});
