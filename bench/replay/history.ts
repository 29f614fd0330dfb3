/**
 * Finds the edits to replay: every non-merge commit that adds a drizzle-kit migration, in either
 * layout: 0.31 (`<out>/<prefix>_<name>.sql` next to `<out>/meta/_journal.json`) or 1.0 RC
 * (`<out>/<timestamp>_<name>/migration.sql` beside that folder's `snapshot.json`).
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
  layout: '0.x' | '1.x';
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
      const layout = layoutOf(file);
      if (!layout) continue;
      const folder = layout === '0.x' ? posix.dirname(file) : posix.dirname(posix.dirname(file));
      byFolder.set(`${layout}\0${folder}`, [...(byFolder.get(`${layout}\0${folder}`) ?? []), file]);
    }
    const parent = byFolder.size > 0 ? firstParent(gitDir, commit) : undefined;
    if (!parent) continue;
    for (const [key, sqlFiles] of byFolder) {
      const [layout, outDir] = key.split('\0') as ['0.x' | '1.x', string];
      if (layout === '0.x' && !blobId(gitDir, commit, posix.join(outDir, 'meta/_journal.json'))) continue;
      if (layout === '1.x' && !sqlFiles.some((file) => blobId(gitDir, commit, posix.join(posix.dirname(file), 'snapshot.json')))) continue;
      const fresh = sqlFiles.filter((file) => {
        const blob = blobId(gitDir, commit, file);
        const key = `${file}\0${blob}`;
        if (!blob || seenBlobs.has(key)) return false;
        seenBlobs.add(key);
        return true;
      });
      if (fresh.length > 0) edits.push({ commit, parent, date, subject, outDir, newSqlFiles: fresh.sort(), layout });
    }
  }
  return edits;
}

function layoutOf(file: string): '0.x' | '1.x' | undefined {
  const name = posix.basename(file);
  if (/^\d+_.*\.sql$/.test(name)) return '0.x';
  if (name === 'migration.sql' && /^\d{14}_/.test(posix.basename(posix.dirname(file)))) return '1.x';
  return undefined;
}
