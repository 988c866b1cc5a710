#!/usr/bin/env node
// Builds the native forward kernel (native/binding.gyp) with node-gyp. npm runs this as the package's
// `install` script, after `npm install` / `npm ci`. The kernel is optional: when it cannot be built (no
// C++ compiler, no Node headers, DENSE_LAB_NO_NATIVE=1) this prints one line and exits 0, and Dense Lab
// uses its WebAssembly kernel. A missing compiler must never break `npm install`.
//
//   node scripts/build-native.mjs          build native/build/Release/dense_lab_native.node
//   node scripts/build-native.mjs --copy   copy the built addon to out/main/ (run by `npm run build`,
//                                          after electron-vite has emptied out/main)
//   --dir <folder>                         build the binding.gyp in <folder> instead of native/ (tests)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dirArg = process.argv.indexOf('--dir');
const nativeDir = dirArg > 0 ? resolve(process.argv[dirArg + 1] ?? '') : join(root, 'native');
const built = join(nativeDir, 'build', 'Release', 'dense_lab_native.node');
const log = join(nativeDir, 'build', 'build-native.log');
const fallback = 'Dense Lab will use its WebAssembly kernel';

/** node-gyp's CLI: the project's own (devDependency), else the one npm bundles and names in the environment. */
function nodeGyp() {
  try {
    return createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const fromNpm = process.env.npm_config_node_gyp;
    return fromNpm && existsSync(fromNpm) ? fromNpm : undefined;
  }
}

/**
 * Node's headers: those installed with this Node (a Debian or tarball install has <prefix>/include/node),
 * so node-gyp never has to download them. An explicit npm/node-gyp nodedir setting wins.
 */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function build() {
  if (process.env.DENSE_LAB_NO_NATIVE === '1') {
    console.log(`dense-lab: native kernel not built (DENSE_LAB_NO_NATIVE=1); ${fallback}.`);
    return;
  }
  const gyp = nodeGyp();
  if (gyp === undefined) {
    console.log(`dense-lab: native kernel not built (node-gyp not found); ${fallback}.`);
    return;
  }
  // configure + build rather than rebuild: an up-to-date build is kept (make compiles nothing), and a
  // worker starting meanwhile still finds the previous addon instead of an emptied build folder.
  let output = '';
  let res;
  for (const step of ['configure', 'build']) {
    res = spawnSync(process.execPath, [gyp, step, `--directory=${nativeDir}`, ...nodedirArgs()], { cwd: root, encoding: 'utf8' });
    output += `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`;
    if (res.status !== 0) break;
  }
  try {
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(log, output);
  } catch {
    // The log is a courtesy; failing to write it changes nothing.
  }
  if (res.status === 0 && existsSync(built)) {
    console.log(`dense-lab: native kernel built (${relative(root, built)}).`);
    return;
  }
  const why = missingTool(output) ? 'no C++ compiler or make' : 'the build failed';
  // An earlier good build stays usable: the loader checks its API version, and every build computes the same bits.
  const then = existsSync(built) ? `the previous build (${relative(root, built)}) stays in use` : fallback;
  console.log(`dense-lab: native kernel not built (${why}; see ${relative(root, log)}); ${then}.`);
}

/** Does node-gyp's output say a compiler or make is missing (rather than the code failing to compile)? */
function missingTool(output) {
  const compiler = process.env.CXX ?? 'c++';
  return (
    /not found: (make|g\+\+|c\+\+|cc|clang)|(make|g\+\+|c\+\+|clang\+\+): (command )?not found|find any Visual Studio/i.test(output) ||
    output.includes(`No such file or directory: '${compiler}'`)
  );
}

function copy() {
  if (!existsSync(built)) return;
  const target = join(root, 'out', 'main', 'dense_lab_native.node');
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(built, target);
}

try {
  if (process.argv.includes('--copy')) copy();
  else build();
} catch (e) {
  console.log(`dense-lab: native kernel not built (${e instanceof Error ? e.message : String(e)}); ${fallback}.`);
}
