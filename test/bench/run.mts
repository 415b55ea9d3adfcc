/**
 * Runs every benchmark in this folder (`*.bench.ts`, each exporting a default async function that
 * prints its figures) one after another. `npm run bench -- gateway` runs only files whose name
 * contains "gateway". Benchmarks print numbers; they never pass or fail on time.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filter === undefined || name.includes(filter))
  .sort();

console.log(`bench: Node ${process.versions.node}, ${process.platform}/${process.arch}`);
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as {
    default: () => Promise<void>;
  };
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  await module.default();
}
