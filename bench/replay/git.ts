/** Thin, synchronous git plumbing over a bare git directory (the fetched mirrors). */
import { execFileSync } from 'node:child_process';

const MAX_BUFFER = 256 * 1024 * 1024;

export function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: MAX_BUFFER });
}

/** File text at a commit, or undefined when the path does not exist there. */
export function showFile(gitDir: string, commit: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Every file path (blobs only) in the tree of a commit. */
export function listTree(gitDir: string, commit: string): string[] {
  return git(gitDir, ['ls-tree', '-r', '--name-only', commit]).split('\n').filter(Boolean);
}

export function firstParent(gitDir: string, commit: string): string | undefined {
  const line = git(gitDir, ['rev-list', '--parents', '-n', '1', commit]).trim().split(' ');
  return line[1];
}

export function blobId(gitDir: string, commit: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'rev-parse', `${commit}:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
