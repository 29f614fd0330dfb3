/**
 * Real 0.31 snapshots through the slice reader: for every `meta/*_snapshot.json` at HEAD of each bare
 * git directory (the fetched mirrors), whether `v7TextLookup` reads it by slices, and whether every
 * table and enum equals `snapshotToModel`'s (maps compared in order). Nothing of the repositories is kept.
 *
 *   npx tsx bench/replay/snapshot-slices.ts <bare-git-dir>...
 */
import { listTree, showFile } from './git.js';
import { snapshotToLookup, snapshotToModel } from '../../src/snapshot/index.js';
import { v7TextLookup } from '../../src/snapshot/v7-text.js';

const ordered = (value: unknown) => JSON.stringify(value, (_, item: unknown) => (item instanceof Map ? [...item.entries()] : item));

for (const gitDir of process.argv.slice(2)) {
  const files = listTree(gitDir, 'HEAD').filter((file) => /meta\/[^/]*_snapshot\.json$/.test(file));
  const counts = { snapshots: files.length, version7: 0, readBySlices: 0, wholeReads: 0, tables: 0, enums: 0, differences: 0 };
  const notSliced: string[] = [];
  for (const file of files) {
    const text = showFile(gitDir, 'HEAD', file);
    let json: { version?: unknown; dialect?: unknown };
    try {
      json = JSON.parse(text ?? '') as typeof json;
    } catch {
      continue;
    }
    if (json.version !== '7' || json.dialect !== 'postgresql') continue;
    counts.version7++;
    const lookup = v7TextLookup(Buffer.from(text!), () => {
      counts.wholeReads++;
      return snapshotToLookup(json);
    });
    if (!lookup) {
      notSliced.push(file);
      continue;
    }
    counts.readBySlices++;
    const model = snapshotToModel(json);
    for (const [key, table] of model.tables) {
      counts.tables++;
      if (ordered(lookup.table(key)) !== ordered(table)) counts.differences++;
    }
    for (const [key, value] of model.enums) {
      counts.enums++;
      if (ordered(lookup.enum(key)) !== ordered(value)) counts.differences++;
    }
  }
  console.log(gitDir, JSON.stringify({ ...counts, notSliced: notSliced.slice(0, 5) }));
}
