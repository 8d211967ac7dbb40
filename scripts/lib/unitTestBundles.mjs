// Builds the unit tests into a few CommonJS bundles with esbuild, so `node --test` runs plain
// JavaScript: no TypeScript loader to start and no transpiling in every test process.
//
// Each bundle ("shard") imports a group of test files in path order, so their tests register and
// run in that order, as when each file ran alone. Packages stay external (`require`d from
// node_modules, as under tsx, so KaTeX is the same single CommonJS copy and esbuild's native
// binary is found). A test file's own location (`__dirname`, `import.meta.dirname`, …) is its
// source folder, not the bundle's, so fixtures next to a test are found as before.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the bundles go (git-ignored with the rest of out/). */
export const bundleDir = join('out', 'unit-tests');

/**
 * Inside test/unit, the names that mean "this file's location" become the source file's own
 * location. Only whole identifiers are replaced; the files are TypeScript, loaded as such.
 */
function ownLocation(root) {
  const testDir = join(root, 'test', 'unit') + sep;
  return {
    name: 'unit-test-own-location',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(testDir)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!/__dirname|__filename|import\.meta/.test(text)) return undefined;
        const dir = JSON.stringify(dirname(args.path));
        const file = JSON.stringify(args.path);
        const contents = text
          .replace(/\bimport\.meta\.dirname\b/g, dir)
          .replace(/\bimport\.meta\.filename\b/g, file)
          .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
          .replace(/(?<![\w$.])__dirname(?![\w$])/g, dir)
          .replace(/(?<![\w$.])__filename(?![\w$])/g, file);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** One entry per shard: a module that imports the shard's test files, in order. */
function shardEntries(root, shards) {
  return {
    name: 'unit-test-shards',
    setup(build) {
      build.onResolve({ filter: /^unit-test-shard:/ }, (args) => ({ path: args.path.slice('unit-test-shard:'.length), namespace: 'unit-test-shard' }));
      build.onLoad({ filter: /.*/, namespace: 'unit-test-shard' }, (args) => {
        const files = shards[Number(args.path)] ?? [];
        const contents = files.map((f) => `import ${JSON.stringify('./' + relative(root, f).split(sep).join('/'))};`).join('\n');
        return { contents, resolveDir: root, loader: 'ts' };
      });
    },
  };
}

/**
 * Builds `shards` (arrays of test file paths relative to `root`) into bundleDir and returns the
 * bundle paths, in the same order. Each bundle has a linked source map beside it.
 */
export async function buildShards(root, shards) {
  const outdir = join(root, bundleDir);
  const names = shards.map((_, i) => `shard-${String(i + 1).padStart(2, '0')}`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((name, i) => [name, `unit-test-shard:${i}`])),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [shardEntries(root, shards), ownLocation(root)],
  });
  return names.map((name) => join(outdir, `${name}.cjs`));
}
