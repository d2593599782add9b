import { describe, expect, it } from 'vitest';
import { compareVersions, isOlderThan } from '../../src/shared/version.js';

describe('versions', () => {
  it.each([
    ['0.1.0', '0.2.0', -1],
    ['1.10.0', '1.9.9', 1],
    ['1.2.3', 'v1.2.3', 0],
    ['1.2.3-beta.2', '1.2.3', -1],
    ['1.2.3-beta.10', '1.2.3-beta.9', 1],
    ['1.2.3-alpha', '1.2.3-beta', -1],
    ['1.2.3+build5', '1.2.3', 0],
  ])('%s vs %s = %d', (a, b, expected) => expect(compareVersions(a, b)).toBe(expected));

  it('only an older valid version must update', () => {
    expect(isOlderThan('0.1.0', '0.2.0')).toBe(true);
    expect(isOlderThan('0.2.0', '0.2.0')).toBe(false);
    expect(isOlderThan('0.1.0', null)).toBe(false);
    expect(isOlderThan('0.1.0', 'garbage')).toBe(false);
    expect(compareVersions('1.2', '1.2.0')).toBeNull();
  });
});
