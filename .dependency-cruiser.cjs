/**
 * The layering of src/, as data, checked by dependency-cruiser in `npm run lint` (and by
 * src/layers.test.ts, which proves the rules catch an upward import and a cycle).
 *
 * LAYERS lists the folders of src/ from the bottom up: a module may import its own folder and the
 * folders listed before it, never one listed after it. Folders on one line share a level and may not
 * import each other. Unit tests beside the modules (*.test.ts) may import any layer; tests/ and
 * integration/ may import src/; src/ imports none of tests/, integration/, fixtures/.
 */
const LAYERS = [['registry', 'secrets'], ['deployment'], ['probes'], ['stack'], ['tools'], ['harness'], ['signoff'], ['run'], ['cli', 'bench']];

const folder = (name) => (name === 'cli' ? '^src/cli\\.ts$' : `^src/${name}/`);
const any = (names) => names.map(folder).join('|');
const TESTS = '\\.test\\.ts$';

const layerRules = LAYERS.flatMap((level, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return level.map((name) => {
    const peers = level.filter((other) => other !== name);
    const forbidden = [...above, ...peers];
    return {
      name: `layer-${name}`,
      comment: `src/${name} sits below ${forbidden.join(', ')}: it may not import them (layers import downward only; see LAYERS)`,
      severity: 'error',
      from: { path: folder(name), pathNot: TESTS },
      to: { path: any(forbidden) },
    };
  });
}).filter((rule) => rule.to.path !== '');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'no import cycles, within a folder or between folders',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests',
      comment: "src/ is the harness: it imports none of the checklist (tests/), the project's own integration tests or the fixtures",
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|integration|fixtures)/' },
    },
    {
      name: 'no-test-helpers-in-src',
      comment: 'a unit test is imported by nothing: a helper that tests share lives beside them, not in src/',
      severity: 'error',
      from: {},
      to: { path: TESTS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
