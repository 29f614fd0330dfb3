import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadBuffer } from '../../src/core/read-buffer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'read-buffer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe('ReadBuffer', () => {
  it('lends bytes that stay valid until the next read, which reuses the buffer', () => {
    const reads = new ReadBuffer(1024 * 1024);
    const first = reads.read(file('a.json', 'x'.repeat(5000)))!;
    expect(first.bytes.toString()).toBe('x'.repeat(5000));
    expect(first.stillValid()).toBe(true);
    const second = reads.read(file('b.json', 'yz'))!;
    expect(second.bytes.toString()).toBe('yz');
    expect(second.bytes.buffer).toBe(first.bytes.buffer);
    expect(first.stillValid()).toBe(false);
    expect(second.stillValid()).toBe(true);
  });

  it('grows for a bigger file and gives a file over the limit its own buffer', () => {
    const reads = new ReadBuffer(200 * 1024);
    const small = reads.read(file('small.json', 's'))!;
    const grown = reads.read(file('grown.json', 'g'.repeat(150 * 1024)))!;
    expect(grown.bytes.length).toBe(150 * 1024);
    expect(small.stillValid()).toBe(false);
    const big = reads.read(file('big.json', 'b'.repeat(300 * 1024)))!;
    expect(big.bytes.length).toBe(300 * 1024);
    expect(big.bytes.buffer).not.toBe(grown.bytes.buffer);
    expect(grown.stillValid(), 'a read into its own buffer overwrites nothing').toBe(true);
    reads.read(file('after.json', 'a'));
    expect(big.stillValid()).toBe(true);
    expect(big.bytes.toString()).toBe('b'.repeat(300 * 1024));
  });

  it('reads nothing from a missing file, a folder or a FIFO, and does not block on the FIFO', () => {
    const reads = new ReadBuffer(1024);
    expect(reads.read(path.join(dir, 'missing.json'))).toBeUndefined();
    mkdirSync(path.join(dir, 'folder'));
    expect(reads.read(path.join(dir, 'folder'))).toBeUndefined();
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    expect(reads.read(path.join(dir, 'fifo.json'))).toBeUndefined();
  });

  it('reads an empty file as no bytes', () => {
    expect(new ReadBuffer(1024).read(file('empty.json', ''))!.bytes.length).toBe(0);
  });
});
