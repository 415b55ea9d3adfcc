import { describe, expect, it } from 'vitest';

import {
  findDebuggingSwitch,
  hasKioskSwitch,
  relaunchCount,
  withRelaunchCount,
} from '../../main/app/switches';

describe('findDebuggingSwitch', () => {
  it.each([
    '--inspect',
    '--inspect=9229',
    '--inspect-brk',
    '--inspect-brk=0.0.0.0:9229',
    '--inspect-port=9230',
    '--inspect-wait',
    '--remote-debugging-port=9222',
    '--remote-debugging-port',
    '--remote-debugging-pipe',
    '-remote-debugging-port=9222',
    '--debug',
    '--debug-brk=5858',
    '--js-flags=--allow-natives-syntax',
  ])('finds %s', (argument) => {
    expect(findDebuggingSwitch(['/opt/Cardlane/cardlane', argument], 'linux')).toBe(argument);
  });

  it('finds Windows spellings', () => {
    expect(findDebuggingSwitch(['C:\\Cardlane.exe', '/remote-debugging-port=9222'], 'win32')).toBe(
      '/remote-debugging-port=9222',
    );
    expect(findDebuggingSwitch(['C:\\Cardlane.exe', '--Remote-Debugging-Port=9222'], 'win32')).toBe(
      '--Remote-Debugging-Port=9222',
    );
  });

  it('passes ordinary arguments', () => {
    expect(
      findDebuggingSwitch(
        ['/opt/Cardlane/cardlane', '--kiosk', '.', '--cardlane-relaunch=1'],
        'linux',
      ),
    ).toBeNull();
    expect(
      findDebuggingSwitch(['/opt/Cardlane/cardlane', '--inspector-theme'], 'linux'),
    ).toBeNull();
  });

  it('ignores arguments after a bare --', () => {
    expect(findDebuggingSwitch(['/opt/Cardlane/cardlane', '--', '--inspect'], 'linux')).toBeNull();
  });
});

describe('kiosk switch', () => {
  it('is read from the command line', () => {
    expect(hasKioskSwitch(['cardlane', '--kiosk'])).toBe(true);
    expect(hasKioskSwitch(['cardlane'])).toBe(false);
  });
});

describe('relaunch count', () => {
  it('is zero on a normal start', () => {
    expect(relaunchCount(['cardlane'])).toBe(0);
  });

  it('round-trips through argv', () => {
    const argv = withRelaunchCount(['--kiosk', '--cardlane-relaunch=1'], 2);
    expect(argv).toEqual(['--kiosk', '--cardlane-relaunch=2']);
    expect(relaunchCount(argv)).toBe(2);
  });

  it('treats a malformed count as zero', () => {
    expect(relaunchCount(['--cardlane-relaunch=lots'])).toBe(0);
    expect(relaunchCount(['--cardlane-relaunch=-3'])).toBe(0);
  });
});
