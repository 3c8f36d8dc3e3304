import { startReferenceStack } from '../../src/stack/reference-stack.js';
import { testImages, testMonitoringDir } from './support.js';
const m = testMonitoringDir();
const s = await startReferenceStack({ runId: `stopcheck`, monitoringDir: m.dir, images: testImages(), grafanaPassword: 'abcd1234' });
const t = performance.now();
await Promise.all(Object.entries(s.containers).map(async ([n, c]) => { await c.stop({ timeout: 1_000 }); console.log(n, Math.round(performance.now() - t)); }));
const t2 = performance.now(); await s.stop(); console.log('rest', Math.round(performance.now() - t2));
