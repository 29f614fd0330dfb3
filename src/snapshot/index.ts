export { readBaseline, type BaselineResult, type WatchedFile } from './baseline.js';
export { snapshotToLookup, snapshotToModel } from './snapshot-to-model.js';
export { SnapshotFormatError } from './shape.js';
