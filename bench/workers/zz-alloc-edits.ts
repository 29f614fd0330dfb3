// Sampling heap profile (collected objects included) of plugin requests only, for same/vary-length edits.
import path from 'node:path';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { createBenchLanguageService } from '../support/language-service.js';
const dir = path.resolve(process.argv[2]);
const vary = process.argv[3] === 'vary';
const service = await createBenchLanguageService(dir);
const file = path.join(dir, 'schema/part00.ts');
const base = service.text(file);
const session = new Session(); session.connect();
const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
const N = 200;
for (let i = 0; i < N + 10; i++) {
  const width = vary ? 41 + (i % 2) * 100 + (i % 50) : 41 + (i % 50);
  service.edit(file, base.replace('{ length: 40 }', `{ length: ${width} }`));
  service.typescriptDiagnostics(file);
  if (i === 10) await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  service.pluginOnly.getSemanticDiagnostics(file);
}
// Note: TS requests are sampled too; filter by stack containing plugin code afterwards.
const { profile } = await post('HeapProfiler.stopSampling');
writeFileSync(`/tmp/alloc-${vary ? 'vary' : 'same'}.heapprofile`, JSON.stringify(profile));
