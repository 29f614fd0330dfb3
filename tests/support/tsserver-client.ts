/**
 * A real tsserver over stdio, as editors drive it: newline-delimited JSON requests on stdin,
 * `Content-Length`-framed responses and events on stdout. Every wait is time-bound; `close()`
 * kills the process (call it in afterAll).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentLengthReader } from './content-length.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The TypeScript installs under test: 6.0 (`typescript`) and 5.9 (the `typescript-5` alias). */
export const TYPESCRIPT_VERSIONS = [
  { label: 'TypeScript 6.0', dir: path.join(repoRoot, 'node_modules/typescript') },
  { label: 'TypeScript 5.9', dir: path.join(repoRoot, 'node_modules/typescript-5') },
] as const;

export interface ProtocolMessage {
  seq: number;
  type: 'response' | 'event';
  command?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  event?: string;
  body?: any;
}

export interface TsserverOptions {
  /** Folder holding `lib/tsserver.js`'s package (a TypeScript install). */
  typescriptDir: string;
  cwd: string;
  /** Folders whose `node_modules` tsserver searches for plugins before its own install. */
  pluginProbeLocations?: string[];
  /** Write a verbose tsserver log here (debugging). */
  logFile?: string;
}

export interface Diagnostic {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  code: number;
  category: string;
  source?: string;
}

interface Waiter {
  matches: (message: ProtocolMessage) => boolean;
  resolve: (message: ProtocolMessage) => void;
}

export class TsserverClient {
  readonly messages: ProtocolMessage[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly reader = new ContentLengthReader((message) => this.dispatch(message as ProtocolMessage));
  private seq = 0;
  private waiters: Waiter[] = [];
  private stderr = '';

  constructor(options: TsserverOptions) {
    const args = [path.join(options.typescriptDir, 'lib/tsserver.js'), '--disableAutomaticTypingAcquisition'];
    if (options.pluginProbeLocations?.length) args.push('--pluginProbeLocations', options.pluginProbeLocations.join(','));
    if (options.logFile) args.push('--logVerbosity', 'verbose', '--logFile', options.logFile);
    this.process = spawn(process.execPath, args, { cwd: options.cwd, stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.reader.push(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  /** Sends a request and returns its seq, without waiting. */
  send(command: string, args?: unknown): number {
    const seq = ++this.seq;
    this.process.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    return seq;
  }

  /** Sends a request and waits for its response; rejects on failure or timeout. */
  async request(command: string, args?: unknown, timeoutMs = 30_000): Promise<any> {
    const seq = this.send(command, args);
    const response = await this.waitFor((m) => m.type === 'response' && m.request_seq === seq, timeoutMs, `response to ${command}`);
    if (!response.success) throw new Error(`tsserver ${command} failed: ${response.message}`);
    return response.body;
  }

  waitFor(matches: (message: ProtocolMessage) => boolean, timeoutMs: number, what: string, since = 0): Promise<ProtocolMessage> {
    const seen = this.messages.slice(since).find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. tsserver stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  configure(): Promise<unknown> {
    return this.request('configure', { hostInfo: 'drizzle-migrations-tests', preferences: { includeCompletionsForModuleExports: false } });
  }

  /** Opens a file with unsaved content, as an editor does for a dirty buffer. */
  open(file: string, fileContent?: string, projectRootPath?: string): void {
    this.send('open', { file, fileContent, projectRootPath, scriptKindName: 'TS' });
  }

  /** `geterr` for one file: resolves with its semantic and suggestion diagnostics once tsserver reports completion. */
  async geterr(file: string, timeoutMs = 60_000): Promise<{ semantic: Diagnostic[]; suggestion: Diagnostic[] }> {
    const since = this.messages.length;
    const seq = this.send('geterr', { files: [file], delay: 0 });
    await this.waitFor((m) => m.type === 'event' && m.event === 'requestCompleted' && m.body?.request_seq === seq, timeoutMs, 'geterr completion', since);
    const events = this.messages.slice(since).filter((m) => m.type === 'event' && m.body?.file === file);
    const pick = (event: string) => (events.filter((m) => m.event === event).at(-1)?.body?.diagnostics ?? []) as Diagnostic[];
    return { semantic: pick('semanticDiag'), suggestion: pick('suggestionDiag') };
  }

  semanticDiagnosticsSync(file: string): Promise<Diagnostic[]> {
    return this.request('semanticDiagnosticsSync', { file });
  }

  suggestionDiagnosticsSync(file: string): Promise<Diagnostic[]> {
    return this.request('suggestionDiagnosticsSync', { file });
  }

  quickinfo(file: string, line: number, offset: number): Promise<{ displayString: string; documentation: string | unknown[] } | undefined> {
    return this.request('quickinfo', { file, line, offset });
  }

  close(): void {
    for (const waiter of this.waiters) waiter.resolve({ seq: 0, type: 'event', event: 'closed' });
    this.waiters = [];
    this.process.stdin.end();
    this.process.kill();
  }

  private dispatch(message: ProtocolMessage): void {
    this.messages.push(message);
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(message)) continue;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    }
  }
}

/** 1-based line/offset (tsserver's positions) of a 0-based character offset. */
export function lineOffsetAt(text: string, position: number): { line: number; offset: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, offset: before.at(-1)!.length + 1 };
}

/** 0-based character offset of a tsserver 1-based line/offset. */
export function positionOf(text: string, location: { line: number; offset: number }): number {
  const lines = text.split('\n');
  let position = 0;
  for (let i = 0; i < location.line - 1; i++) position += lines[i].length + 1;
  return position + location.offset - 1;
}
