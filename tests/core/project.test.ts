import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheSettings, clearAllCaches } from '../../src/core/cache.js';
import { getProject } from '../../src/core/project.js';
import { resolveSettings } from '../../src/core/settings.js';
import { copyFixture, writeAndTouch } from './temp-project.js';

const shop = copyFixture('shop', 'project');
const settings = resolveSettings({}, shop.dir);
const config = join(shop.dir, 'drizzle.config.ts');
const meta = join(shop.dir, 'drizzle/meta');

beforeAll(() => {
  cacheSettings.refreshIntervalMs = 0;
});
afterEach(() => {
  cacheSettings.refreshIntervalMs = 0;
  clearAllCaches();
});
afterAll(() => {
  cacheSettings.refreshIntervalMs = 1000;
  shop.cleanup();
});

describe('getProject', () => {
  it('reads config, baseline and schema files of the shop fixture (real drizzle-kit 0.31 output)', () => {
    const project = getProject(config, settings);
    expect(project.status).toBe('ok');
    expect(project.config?.entryFiles).toEqual([join(shop.dir, 'schema.ts')]);
    const baseline = project.baseline();
    expect(baseline.kind).toBe('ok');
    if (baseline.kind === 'ok') {
      expect(baseline.kit).toBe('0.x');
      expect(baseline.snapshotFile).toBe(join(meta, '0002_snapshot.json'));
    }
    // schema.ts spreads `timestamps` imported from columns.ts: both contribute.
    expect([...project.schemaFiles()].sort()).toEqual([join(shop.dir, 'columns.ts'), join(shop.dir, 'schema.ts')]);
  });

  it('returns the same state while nothing changes on disk', () => {
    const first = getProject(config, settings);
    first.baseline();
    expect(getProject(config, settings)).toBe(first);
  });

  it('rebuilds when the latest snapshot changes on disk', () => {
    const before = getProject(config, settings);
    expect(before.baseline().kind).toBe('ok');
    const latest = join(meta, '0002_snapshot.json');
    const original = readFileSync(latest, 'utf8');
    writeAndTouch(latest, '{ "version": "7", "dialect": "postgresql", "tables": ');
    const after = getProject(config, settings);
    expect(after.version).not.toBe(before.version);
    expect(after.baseline().kind).toBe('error');
    writeAndTouch(latest, original);
    expect(getProject(config, settings).baseline().kind).toBe('ok');
  });

  it('notices a new snapshot file in meta/', () => {
    const before = getProject(config, settings);
    const baseline = before.baseline();
    if (baseline.kind !== 'ok') throw new Error('expected a baseline');
    const tables = baseline.model.tables.size;
    const next = join(meta, '0003_snapshot.json');
    const json = JSON.parse(readFileSync(join(meta, '0000_snapshot.json'), 'utf8'));
    writeAndTouch(next, JSON.stringify(json));
    const after = getProject(config, settings).baseline();
    expect(after.kind === 'ok' && after.snapshotFile).toBe(next);
    expect(after.kind === 'ok' && after.model.tables.size).not.toBe(tables);
    rmSync(next);
  });

  it('notices a change to a schema file read from disk', () => {
    const before = getProject(config, settings);
    before.schemaFiles();
    const columns = join(shop.dir, 'columns.ts');
    writeAndTouch(columns, readFileSync(columns, 'utf8') + '\n// edited\n');
    expect(getProject(config, settings).version).not.toBe(before.version);
  });

  it('does not stat the disk again within the refresh interval', () => {
    cacheSettings.refreshIntervalMs = 60_000;
    const before = getProject(config, settings);
    writeAndTouch(config, readFileSync(config, 'utf8') + '\n');
    expect(getProject(config, settings)).toBe(before);
    cacheSettings.refreshIntervalMs = 0;
    expect(getProject(config, settings)).not.toBe(before);
  });

  it('marks an unreadable config as broken with one problem, and a non-postgres config as ignored', () => {
    writeAndTouch(join(shop.dir, 'broken/drizzle.config.ts'), `export default { dialect: 'postgresql', schema: process.env.SCHEMA };`);
    const broken = getProject(join(shop.dir, 'broken/drizzle.config.ts'), settings);
    expect(broken.status).toBe('broken');
    expect(broken.problems).toHaveLength(1);
    writeAndTouch(join(shop.dir, 'mysql/drizzle.config.ts'), `export default { dialect: 'mysql', schema: '../schema.ts' };`);
    expect(getProject(join(shop.dir, 'mysql/drizzle.config.ts'), settings).status).toBe('ignored');
  });
});
