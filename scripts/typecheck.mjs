// Type-checks each runtime layer with its own tsconfig: common gets no environment types, main
// gets Node and no DOM, preload and renderer get the DOM and no Node.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['common', 'main', 'preload', 'renderer', 'test'];
let failed = false;
for (const name of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`typecheck: tsconfig.${name}.json has errors`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
