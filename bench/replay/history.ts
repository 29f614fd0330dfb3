/**
 * Finds the edits to replay: every non-merge commit that adds a drizzle-kit migration
 * (`<out>/<prefix>_<name>.sql` next to `<out>/meta/_journal.json`).
 */
import { posix } from 'node:path';
import { blobId, firstParent, git } from './git.js';

export interface MigrationEdit {
  commit: string;
  parent: string;
  date: string;
  subject: string;
  /** The migrations folder (`out`), repo-relative. */
  outDir: string;
  /** New `.sql` files of that folder, repo-relative, sorted. */
  newSqlFiles: string[];
}

const COMMIT_MARK = '\u0001';

/** Oldest first. A migration added again by a later commit (cherry-pick, rebase) is replayed once. */
export function findMigrationEdits(gitDir: string): MigrationEdit[] {
  const log = git(gitDir, ['log', '--no-merges', '--reverse', '--diff-filter=A', '--name-only', `--format=${COMMIT_MARK}%H%x09%ad%x09%s`, '--date=short', '--', '*.sql']);
  const edits: MigrationEdit[] = [];
  const seenBlobs = new Set<string>();
  for (const chunk of log.split(COMMIT_MARK).filter(Boolean)) {
    const [head = '', ...files] = chunk.split('\n').filter(Boolean);
    const [commit = '', date = '', subject = ''] = head.split('\t');
    const byFolder = new Map<string, string[]>();
    for (const file of files) {
      if (!/^\d+_.*\.sql$|^\d{14}_.*\.sql$/.test(posix.basename(file))) continue;
      const folder = posix.dirname(file);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
    }
    const parent = byFolder.size > 0 ? firstParent(gitDir, commit) : undefined;
    if (!parent) continue;
    for (const [outDir, sqlFiles] of byFolder) {
      if (!blobId(gitDir, commit, posix.join(outDir, 'meta/_journal.json'))) continue;
      const fresh = sqlFiles.filter((file) => {
        const blob = blobId(gitDir, commit, file);
        const key = `${file}\0${blob}`;
        if (!blob || seenBlobs.has(key)) return false;
        seenBlobs.add(key);
        return true;
      });
      if (fresh.length > 0) edits.push({ commit, parent, date, subject, outDir, newSqlFiles: fresh.sort() });
    }
  }
  return edits;
}
