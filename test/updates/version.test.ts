import { describe, expect, it } from 'vitest';

import { isNewerVersion, parseVersion } from '../../main/updates/version';

describe('isNewerVersion', () => {
  it.each([
    ['1.2.1', '1.2.0'],
    ['1.10.0', '1.9.9'],
    ['2.0.0', '1.99.99'],
    ['1.2.0', '1.2.0-beta.3'],
    ['1.2.0-beta.10', '1.2.0-beta.9'],
    ['1.2.0-beta.1', '1.2.0-alpha.7'],
    ['1.2.0-rc.1.1', '1.2.0-rc.1'],
  ])('%s is newer than %s', (candidate, running) => {
    expect(isNewerVersion(candidate, running)).toBe(true);
    expect(isNewerVersion(running, candidate)).toBe(false);
  });

  it.each([
    ['1.2.0', '1.2.0'],
    ['1.2.0+build.7', '1.2.0'],
  ])('%s is not newer than %s', (candidate, running) => {
    expect(isNewerVersion(candidate, running)).toBe(false);
  });

  it.each(['1.2', 'v1.3.0', '01.2.3', '1.2.3-', '', '9'.repeat(400)])(
    'never treats %j as newer',
    (candidate) => {
      expect(isNewerVersion(candidate, '0.0.1')).toBe(false);
    },
  );

  it('rejects versions beyond safe integers', () => {
    expect(parseVersion('99999999999999999999.0.0')).toBeNull();
  });
});
