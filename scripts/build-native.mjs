#!/usr/bin/env node
// Builds the native forward kernel (native/binding.gyp) with node-gyp. npm runs this as the package's
// `install` script, after `npm install` / `npm ci`. The kernel is optional: when it cannot be built (no
// C++ compiler, no Node headers, DENSE_LAB_NO_NATIVE=1) this prints one line and exits 0, and Dense Lab
// uses its WebAssembly kernel. A missing compiler must never break `npm install`.
//
//   node scripts/build-native.mjs          build native/build/Release/dense_lab_native.node
//   node scripts/build-native.mjs --copy   copy the built addon to out/main/ (run by `npm run build`,
//                                          after electron-vite has emptied out/main)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const nativeDir = join(root, 'native');
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
  const res = spawnSync(process.execPath, [gyp, 'rebuild', `--directory=${nativeDir}`, ...nodedirArgs()], { cwd: root, encoding: 'utf8' });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`;
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
  const why = /not found: (make|g\+\+|c\+\+|cc)|No such file or directory.*(g\+\+|c\+\+)|find.*(compiler|Visual Studio)/i.test(output) ? 'no C++ compiler' : 'the build failed';
  console.log(`dense-lab: native kernel not built (${why}; see ${relative(root, log)}); ${fallback}.`);
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
