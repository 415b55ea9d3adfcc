// Electron 45 ships Node 24, so the scripts, the tests and the benchmarks must run on that major.
// The `node` devDependency puts Node 24 first on the npm scripts' PATH.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `check-node: the npm scripts run on Node ${process.versions.node}, but Cardlane needs Node 24 ` +
      '(the major Electron 45 bundles). Run `npm ci` so the node@24 devDependency is installed.',
  );
  process.exit(1);
}
console.log(`check-node: Node ${process.versions.node}`);
