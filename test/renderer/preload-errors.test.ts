/** Errors from the Electron preload arrive as plain Errors; the renderer turns them back into PopErrors. */
import { describe, expect, it } from 'vitest';
import { toPopError, withPopErrors } from '../../src/renderer/api/preload-errors.js';
import { encodeBridgeError } from '../../src/shared/ipc/bridge-error.js';
import { PopError, type PopApi } from '../../src/shared/ipc/contract.js';

describe('preload errors', () => {
  it('restores the code from the bridged message, also when Electron prefixed it', () => {
    const e = toPopError(new Error(`Error invoking remote method 'pop:sync.now': ${encodeBridgeError('offline', 'Backend unreachable')}`));
    expect(e).toBeInstanceOf(PopError);
    expect(e.code).toBe('offline');
    expect(e.message).toBe('Backend unreachable');
    expect(toPopError(new Error(encodeBridgeError('no_such_code', 'x'))).code).toBe('internal');
    expect(toPopError(new Error('plain')).code).toBe('internal');
  });

  it('wraps every method of window.popIndex but leaves on() alone', async () => {
    const on = () => () => undefined;
    const bridge = { 'sync.now': () => Promise.reject(new Error(encodeBridgeError('unauthenticated', 'Sign in again'))), 'app.info': () => Promise.resolve({ version: '1' }), on } as unknown as PopApi;
    const api = withPopErrors(bridge);
    await expect(api['sync.now']()).rejects.toMatchObject({ code: 'unauthenticated', message: 'Sign in again' });
    await expect(api['app.info']()).resolves.toEqual({ version: '1' });
    expect(api.on).toBe(on);
  });
});
