/**
 * The Postgres parser (libpg-query, WASM) loads asynchronously; tsserver asks for diagnostics
 * synchronously right after `open`. An analysis that needed the parser before it was ready
 * yields nothing for now, and its project is refreshed once the parser is loaded, so the
 * first diagnostics never silently miss findings.
 */
export interface ParserLoader {
  isLoaded(): boolean;
  load(): Promise<void>;
}

export interface Refreshable {
  refreshDiagnostics(): void;
}

export class ParserReadiness {
  private readonly waiting = new Set<Refreshable>();
  private failure: unknown;
  private started = false;

  constructor(
    private readonly loader: ParserLoader,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts loading (idempotent). */
  start(): void {
    if (this.started || this.loader.isLoaded()) return;
    this.started = true;
    this.loader.load().then(
      () => this.refreshWaiting(),
      (error: unknown) => {
        this.failure = error;
        this.log(`The Postgres SQL parser failed to load: ${String(error)}`);
      },
    );
  }

  /** Call when an analysis hit the unloaded parser: the project is refreshed once it loads. */
  refreshWhenLoaded(project: Refreshable): void {
    if (this.failure !== undefined) return;
    if (this.loader.isLoaded()) {
      project.refreshDiagnostics();
      return;
    }
    this.waiting.add(project);
    this.start();
  }

  private refreshWaiting(): void {
    for (const project of this.waiting) {
      try {
        project.refreshDiagnostics();
      } catch (error) {
        this.log(`refreshDiagnostics failed: ${String(error)}`);
      }
    }
    this.waiting.clear();
  }
}

export function isParserNotLoadedError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqlParserNotLoadedError';
}
