/**
 * Version comparison with Semantic Versioning 2.0.0 precedence, for the update checks. Build
 * metadata (`+…`) is ignored, and a pre-release sorts before its release.
 */

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

/** Parses `1.2.3`, `1.2.3-beta.1` or `1.2.3+build.5`; returns null for anything else. */
export function parseVersion(text: string): ParsedVersion | null {
  if (text.length > 256) return null;
  const match = SEMVER.exec(text);
  if (match === null) return null;
  const numbers = [match[1], match[2], match[3]].map(Number);
  if (numbers.some((value) => !Number.isSafeInteger(value))) return null;
  return {
    major: numbers[0] as number,
    minor: numbers[1] as number,
    patch: numbers[2] as number,
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

function compareIdentifiers(left: string, right: string): number {
  const leftNumeric = /^\d+$/.test(left);
  const rightNumeric = /^\d+$/.test(right);
  if (leftNumeric && rightNumeric) return Math.sign(Number(left) - Number(right));
  if (leftNumeric) return -1;
  if (rightNumeric) return 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Returns -1, 0 or 1 as `left` has lower, equal or higher precedence than `right`. */
export function compareVersions(left: ParsedVersion, right: ParsedVersion): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (left[key] !== right[key]) return Math.sign(left[key] - right[key]);
  }
  if (left.prerelease.length === 0 || right.prerelease.length === 0) {
    // A release has higher precedence than any of its pre-releases.
    return Math.sign(right.prerelease.length - left.prerelease.length);
  }
  const length = Math.max(left.prerelease.length, right.prerelease.length);
  for (let index = 0; index < length; index += 1) {
    const a = left.prerelease[index];
    const b = right.prerelease[index];
    if (a === undefined) return -1;
    if (b === undefined) return 1;
    const order = compareIdentifiers(a, b);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * True when `candidate` is a valid version with higher precedence than `running`. An invalid
 * version on either side is never newer, so a malformed feed cannot force an install.
 */
export function isNewerVersion(candidate: string, running: string): boolean {
  const offered = parseVersion(candidate);
  const current = parseVersion(running);
  if (offered === null || current === null) return false;
  return compareVersions(offered, current) > 0;
}
