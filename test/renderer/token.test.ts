import { describe, expect, it } from 'vitest';
import { takeHarnessToken } from '../../src/renderer/api/token.js';
import { TOKEN_STORAGE_KEY } from '../../src/shared/ipc/http.js';

describe('harness token', () => {
  it('moves #token= into sessionStorage and removes it from the address', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/index.html#token=abc%2F123');
    expect(takeHarnessToken()).toBe('abc/123');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc/123');
    expect(window.location.hash).toBe('#/');
    expect(window.location.href).not.toContain('abc');
  });

  it('keeps using the stored token after a reload', () => {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, 'kept');
    window.history.replaceState(null, '', '/index.html#/directory');
    expect(takeHarnessToken()).toBe('kept');
    expect(window.location.hash).toBe('#/directory');
  });
});
