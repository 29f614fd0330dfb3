/**
 * libpg-query (the real Postgres parser, compiled to WASM), loaded synchronously when first needed.
 *
 * Imported the usual way, libpg-query starts compiling its WASM at once and can parse only after a
 * promise resolves, while ESLint's `parse()` and tsserver's diagnostics cannot wait for one: the plugin
 * had to await it at import, which cost every ESLint process ~120 ms even when it linted no SQL
 * (docs/performance.md, sixteenth round). Its Emscripten glue accepts a synchronous instantiation (the
 * `instantiateWasm` hook) but still continues through `await`s. So the package's own CommonJS entry,
 * unchanged, is evaluated in a `vm` context whose microtasks run as soon as an evaluation returns
 * (`microtaskMode: 'afterEvaluate'`): when `loadLibpgQuery()` returns, libpg-query's own `parseSync` works.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as LibpgQuery from 'libpg-query';

export type LibpgQueryApi = Pick<typeof LibpgQuery, 'parseSync' | 'parsePlPgSQLSync'>;

const COMMONJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** Throws when libpg-query is missing or does not finish loading synchronously. */
export function loadLibpgQuery(): LibpgQueryApi {
  const entry = createRequire(import.meta.url).resolve('libpg-query');
  const packageRequire = createRequire(entry);
  const context = vm.createContext(
    // `JSON` and the error classes are this realm's, so parse trees and `SqlError`s are ordinary objects here.
    { process, console, Buffer, TextDecoder, TextEncoder, URL, performance, setTimeout, clearTimeout, JSON, Error, TypeError },
    { microtaskMode: 'afterEvaluate' },
  );
  const evaluate = (file: string, require: (id: string) => unknown): unknown => {
    const module = { exports: {} as unknown };
    const body = vm.compileFunction(readFileSync(file, 'utf8'), COMMONJS_PARAMETERS, { parsingContext: context, filename: file });
    body.call(module.exports, module.exports, require, module, file, path.dirname(file));
    return module.exports;
  };
  const glueFile = packageRequire.resolve('./libpg-query.js');
  const loading: LoadState = {};
  // Defined inside the context: a callback from outside on the glue's promise would run as an outside microtask, after the load.
  const keepRejection = vm.runInContext('(promise, keep) => promise.catch((error) => { keep(error); return new Promise(() => {}); })', context) as KeepRejection;
  const requireFromEntry = (id: string): unknown =>
    packageRequire.resolve(id) === glueFile ? synchronousFactory(evaluate(glueFile, packageRequire), glueFile, loading, keepRejection) : packageRequire(id);
  let api: LibpgQueryApi | undefined;
  Object.assign(context, { __load: () => (api = evaluate(entry, requireFromEntry) as LibpgQueryApi) });
  // The entry's `await`s run as microtasks of this context, drained before `runInContext` returns.
  vm.runInContext('__load()', context);
  if (loading.failure !== undefined) throw loading.failure;
  if (!api || typeof api.parseSync !== 'function') throw new Error(`${entry} did not export parseSync`);
  if (!loading.instantiated) throw new Error(`${glueFile} did not instantiate its WASM synchronously`);
  api.parseSync('SELECT 1');
  return api;
}

interface LoadState {
  instantiated?: boolean;
  failure?: unknown;
}

type KeepRejection = (promise: Promise<unknown>, keep: (error: unknown) => void) => Promise<unknown>;
type EmscriptenFactory = (module?: Record<string, unknown>) => Promise<unknown>;
// The part of the WebAssembly JS API used here (the project's `lib` has no DOM types).
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

/**
 * The glue's factory, instantiating the WASM synchronously through Emscripten's `instantiateWasm` hook.
 * A failure is kept in `loading`, never left as a rejected promise: inside the context nobody awaits
 * it, and an unhandled rejection would end the host's process.
 */
function synchronousFactory(exported: unknown, glueFile: string, loading: LoadState, keepRejection: KeepRejection): EmscriptenFactory {
  const factory = (typeof exported === 'function' ? exported : (exported as { default?: unknown })?.default) as EmscriptenFactory | undefined;
  if (typeof factory !== 'function') throw new Error(`${glueFile} is not an Emscripten module factory`);
  const wasmFile = path.join(path.dirname(glueFile), 'libpg-query.wasm');
  const keep = (error: unknown) => {
    loading.failure ??= error;
  };
  const instantiateWasm = (imports: object, receive: (instance: { exports: object }, module: object) => void): object => {
    try {
      const compiled = new wasm.Module(readFileSync(wasmFile));
      const instance = new wasm.Instance(compiled, imports);
      receive(instance, compiled);
      loading.instantiated = true;
      return instance.exports;
    } catch (error) {
      keep(error);
      return {};
    }
  };
  return (module = {}) => keepRejection(factory({ ...module, instantiateWasm }), keep);
}
