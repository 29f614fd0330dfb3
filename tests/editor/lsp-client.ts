/**
 * A minimal LSP client over stdio (Content-Length framing both ways) for
 * vscode-eslint-language-server. It answers the server's requests the way the vscode-eslint
 * extension does: `workspace/configuration` with the extension's settings object.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ContentLengthReader } from '../support/content-length.js';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

type ServerRequestHandler = (params: any) => unknown;

export class LspClient {
  readonly notifications: Message[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly reader = new ContentLengthReader((message) => this.dispatch(message as Message));
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly handlers = new Map<string, ServerRequestHandler>();
  private stderr = '';

  constructor(command: string, args: string[], cwd: string) {
    this.process = spawn(command, args, { cwd, stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.reader.push(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  onRequest(method: string, handler: ServerRequestHandler): void {
    this.handlers.set(method, handler);
  }

  request(method: string, params: unknown, timeoutMs = 30_000): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${method}. stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.process.stdin.end();
    this.process.kill();
  }

  private write(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method) {
      const handler = this.handlers.get(message.method);
      Promise.resolve(handler ? handler(message.params) : null).then((result) => this.write({ jsonrpc: '2.0', id: message.id, result: result ?? null }));
      return;
    }
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id as number);
      if (!waiter) return;
      this.pending.delete(message.id as number);
      clearTimeout(waiter.timer);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
      return;
    }
    this.notifications.push(message);
  }
}
