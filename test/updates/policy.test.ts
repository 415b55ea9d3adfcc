import { describe, expect, it } from 'vitest';

import {
  decideInstall,
  isInInstallWindow,
  parseTimeOfDay,
  type InstallConditions,
} from '../../main/updates/policy';

function at(hour: number, minute: number): Date {
  return new Date(2026, 11, 4, hour, minute);
}

const base: InstallConditions = {
  now: at(14, 0),
  paymentOpen: false,
  operatorLoggedIn: true,
  postponedUntil: null,
  installAt: { hour: 3, minute: 0 },
  installWindowMinutes: 60,
};

describe('decideInstall', () => {
  it('waits while an operator is logged in', () => {
    expect(decideInstall(base)).toEqual({ install: false, because: 'operator_logged_in' });
  });

  it('installs after logout', () => {
    expect(decideInstall({ ...base, operatorLoggedIn: false })).toEqual({
      install: true,
      because: 'logged_out',
    });
  });

  it('installs at the install time while logged in', () => {
    expect(decideInstall({ ...base, now: at(3, 20) })).toEqual({
      install: true,
      because: 'install_time',
    });
  });

  it('never installs with a payment open', () => {
    expect(decideInstall({ ...base, paymentOpen: true, operatorLoggedIn: false })).toEqual({
      install: false,
      because: 'payment_open',
    });
    expect(decideInstall({ ...base, paymentOpen: true, now: at(3, 5) })).toEqual({
      install: false,
      because: 'payment_open',
    });
  });

  it('waits while postponed', () => {
    const postponed = { ...base, operatorLoggedIn: false, postponedUntil: at(18, 0) };
    expect(decideInstall(postponed)).toEqual({ install: false, because: 'postponed' });
    expect(decideInstall({ ...postponed, now: at(18, 0) })).toEqual({
      install: true,
      because: 'logged_out',
    });
  });

  it('waits without an install time', () => {
    expect(decideInstall({ ...base, installAt: null, now: at(3, 0) })).toEqual({
      install: false,
      because: 'operator_logged_in',
    });
  });
});

describe('isInInstallWindow', () => {
  it('covers the window and no more', () => {
    const start = { hour: 3, minute: 0 };
    expect(isInInstallWindow(at(2, 59), start, 60)).toBe(false);
    expect(isInInstallWindow(at(3, 0), start, 60)).toBe(true);
    expect(isInInstallWindow(at(3, 59), start, 60)).toBe(true);
    expect(isInInstallWindow(at(4, 0), start, 60)).toBe(false);
  });

  it('runs past midnight', () => {
    const start = { hour: 23, minute: 30 };
    expect(isInInstallWindow(at(23, 45), start, 60)).toBe(true);
    expect(isInInstallWindow(at(0, 29), start, 60)).toBe(true);
    expect(isInInstallWindow(at(0, 30), start, 60)).toBe(false);
  });
});

describe('parseTimeOfDay', () => {
  it('reads HH:MM', () => {
    expect(parseTimeOfDay('03:30')).toEqual({ hour: 3, minute: 30 });
    expect(parseTimeOfDay('23:59')).toEqual({ hour: 23, minute: 59 });
  });

  it.each(['24:00', '3:30', '03:60', '03:30:00', ''])('rejects %j', (text) => {
    expect(parseTimeOfDay(text)).toBeNull();
  });
});
