import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';

/** Modification time of a file or folder, or undefined when it does not exist or cannot be read. */
export function statMtimeMs(path: string): number | undefined {
  try {
    // No exception for a missing file: watched paths include absent ones, checked every second.
    return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  } catch {
    return undefined;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The bytes of a regular file, or undefined when it is missing, unreadable, or not a regular file. */
export function readRegularFile(path: string): Buffer | undefined {
  try {
    // A FIFO or device would block the read forever: only regular files are read.
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

export function readTextFile(path: string): string | undefined {
  return readRegularFile(path)?.toString('utf8');
}

export function listDirectory(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
