/**
 * Command-line switches that open a debugger or a remote-control port: Node's inspector flags
 * and Chromium's remote debugging. A packaged till refuses to start with any of them, because
 * either would let someone at the keyboard run code inside the process that holds the gateway
 * credentials.
 */
const DEBUGGING_SWITCHES = new Set([
  'inspect',
  'inspect-brk',
  'inspect-wait',
  'inspect-port',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'debug-port',
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'js-flags',
]);

/**
 * Reduces an argument to its switch name, or null when it is not a switch. Chromium reads
 * switches with `--` or `-`, and on Windows also `/`, and compares names without case on
 * Windows, so `-Remote-Debugging-Port=9222` is the same switch as `--remote-debugging-port`.
 */
function switchName(argument: string, platform: NodeJS.Platform): string | null {
  const prefix = platform === 'win32' ? /^(--|-|\/)/ : /^(--|-)/;
  const match = prefix.exec(argument);
  if (match === null) return null;
  const name = argument.slice(match[0].length).split('=', 1)[0] ?? '';
  return name === '' ? null : name.toLowerCase();
}

/** Returns the first debugging switch in `argv` (as written), or null when there is none. */
export function findDebuggingSwitch(
  argv: readonly string[],
  platform: NodeJS.Platform = process.platform,
): string | null {
  for (const argument of argv) {
    // Everything after a bare `--` is data for the app, not a switch.
    if (argument === '--') break;
    const name = switchName(argument, platform);
    if (name !== null && DEBUGGING_SWITCHES.has(name)) {
      return argument;
    }
  }
  return null;
}

/** True when `--kiosk` is on the command line: full screen, no menu, no reload or DevTools keys. */
export function hasKioskSwitch(argv: readonly string[]): boolean {
  return argv.some((argument) => argument === '--kiosk');
}

/** The switch that counts automatic relaunches after a crash of the main process. */
export const RELAUNCH_SWITCH = '--cardlane-relaunch';

/** Reads the relaunch count from `argv`; 0 when the app was started by a person. */
export function relaunchCount(argv: readonly string[]): number {
  for (const argument of argv) {
    if (argument.startsWith(`${RELAUNCH_SWITCH}=`)) {
      const count = Number(argument.slice(RELAUNCH_SWITCH.length + 1));
      return Number.isSafeInteger(count) && count >= 0 ? count : 0;
    }
  }
  return 0;
}

/** Returns `argv` with the relaunch count set to `count`. */
export function withRelaunchCount(argv: readonly string[], count: number): string[] {
  const kept = argv.filter((argument) => !argument.startsWith(`${RELAUNCH_SWITCH}=`));
  return [...kept, `${RELAUNCH_SWITCH}=${count}`];
}
