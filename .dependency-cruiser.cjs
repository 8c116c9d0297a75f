/**
 * How src/ may import (issue 18; docs/arkitektur.md). `npm run lint` checks it and `npm test` runs it.
 * Layers point down only: a folder imports from its own layer or the ones below it, never above.
 * Within a layer there is no circle either, between files or between folders.
 */
const LAYERS = [
  { name: 'grund', folders: ['diagnostics', 'format', 'types'] },
  { name: 'läsning', folders: ['load'] },
  { name: 'format-schema', folders: ['schema'] },
  { name: 'modell', folders: ['profile', 'theme', 'model'] },
  { name: 'steg', folders: ['validate', 'derive', 'check', 'prose'] },
  { name: 'kompilering', folders: ['pipeline'] },
  { name: 'rendering', folders: ['render'] },
  { name: 'bygge', folders: ['build', 'kommun'] },
  { name: 'kommandon', folders: ['cli', 'diff', 'fmt', 'scaffold', 'kolada', 'watch', 'json-schema'] },
];

const folderPattern = (folders) => `^src/(${folders.join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `lager-${layer.name}`,
  comment: `${layer.folders.join(', ')} (lager ${i + 1}) importerar inte från lagren ovanför: flytta det gemensamma nedåt.`,
  severity: 'error',
  from: { path: folderPattern(layer.folders) },
  to: { path: folderPattern(LAYERS.slice(i + 1).flatMap((l) => l.folders)) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'okänd-mapp',
      comment: 'Varje mapp under src/ hör till ett lager i .dependency-cruiser.cjs (och i docs/arkitektur.md).',
      severity: 'error',
      from: { path: '^src/', pathNot: folderPattern(LAYERS.flatMap((l) => l.folders)) },
      to: {},
    },
    {
      name: 'ingen-cirkel-mellan-filer',
      comment: 'Filer som importerar varandra (direkt eller via andra): flytta det gemensamma till en egen fil.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'ingen-cirkel-mellan-mappar',
      comment: 'Mappar pekar bara nedåt; det två mappar delar bor i den lägre.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|node_modules)/' },
    // Type-only imports count: a type shared by two layers lives in the lower one too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
