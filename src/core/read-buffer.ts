import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { registerCache } from './cache.js';
import { readRegularFile } from './fs.js';

/** `O_NONBLOCK` where the platform has it: a FIFO then opens at once instead of waiting for a writer. */
const NON_BLOCKING_READ = constants.O_NONBLOCK === undefined ? undefined : constants.O_RDONLY | constants.O_NONBLOCK;
const ONE_BYTE = Buffer.alloc(1);

/** Bytes read into a `ReadBuffer`, and whether a later read has overwritten them. */
export interface BorrowedBytes {
  bytes: Buffer;
  stillValid(): boolean;
}

/**
 * One buffer reused for files that are read, scanned for a few parts and dropped (a 0.31 snapshot before
 * a migration: a 300-migration lint reads 91 of them, 32 MB). A new `Buffer` per file has the kernel
 * fault in and zero fresh pages each time; in that lint it was ~20 ms of the ~28 ms spent reading.
 * Files over `maxBytes` get their own buffer, so the one kept stays small.
 */
export class ReadBuffer {
  private buffer: Buffer = Buffer.alloc(0);
  private lent: Buffer | undefined;

  constructor(private readonly maxBytes: number) {
    registerCache(() => {
      this.buffer = Buffer.alloc(0);
      this.lent = undefined;
    });
  }

  /** The file's bytes, valid until the next `read`; undefined when it is missing, unreadable, or not a regular file. */
  read(path: string): BorrowedBytes | undefined {
    const bytes = this.readInto(path);
    if (!bytes) return undefined;
    if (bytes.buffer !== this.buffer.buffer) return { bytes, stillValid: () => true };
    this.lent = bytes;
    return { bytes, stillValid: () => this.lent === bytes };
  }

  private readInto(path: string): Buffer | undefined {
    let fd: number | undefined;
    try {
      // Opening a FIFO would block until a writer comes: with `O_NONBLOCK` it opens at once (and `fstat` refuses it), else only regular files are opened.
      if (NON_BLOCKING_READ === undefined && !statSync(path).isFile()) return undefined;
      fd = openSync(path, NON_BLOCKING_READ ?? 'r');
      const stats = fstatSync(fd);
      if (!stats.isFile()) return undefined;
      if (stats.size > this.maxBytes) return readRegularFile(path);
      // Snapshots grow migration by migration: grow by half again, not to each new size.
      if (stats.size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, Math.max(stats.size, this.buffer.length * 1.5, 64 * 1024)));
      let length = 0;
      while (length < stats.size) {
        const count = readSync(fd, this.buffer, length, stats.size - length, length);
        if (count === 0) break;
        length += count;
      }
      // The file grew while being read: read it whole, as `readFileSync` would.
      if (length === stats.size && readSync(fd, ONE_BYTE, 0, 1, length) > 0) return readRegularFile(path);
      return this.buffer.subarray(0, length);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
