import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { registerCache } from './cache.js';
import { readRegularFile } from './fs.js';

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
      // Opening a FIFO would block until a writer comes: only regular files are opened.
      if (!statSync(path).isFile()) return undefined;
      fd = openSync(path, 'r');
      const stats = fstatSync(fd);
      if (stats.size > this.maxBytes) return readRegularFile(path);
      if (stats.size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(Math.max(stats.size, 64 * 1024));
      let length = 0;
      while (length < stats.size) {
        const count = readSync(fd, this.buffer, length, stats.size - length, length);
        if (count === 0) break;
        length += count;
      }
      // The file grew while being read: read it whole, as `readFileSync` would.
      if (length === stats.size && readSync(fd, Buffer.alloc(1), 0, 1, length) > 0) return readRegularFile(path);
      return this.buffer.subarray(0, length);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
