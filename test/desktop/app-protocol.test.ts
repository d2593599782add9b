/** The app:// path guard and the IPC sender check: what the Electron shell relies on to refuse. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppPath } from '../../src/main/desktop/app-protocol.js';
import { channelOf, isTrustedSender, methodOfChannel, type SenderInfo } from '../../src/main/desktop/ipc-sender.js';

const root = mkdtempSync(join(tmpdir(), 'pop-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), '');

describe('resolveAppPath', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveAppPath('app://pop-index/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppPath('app://pop-index/assets/app.js', root)).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppPath('app://pop-index/assets/app.js?v=1#x', root)).toBe(join(root, 'assets', 'app.js'));
  });

  it('gives index.html for the root and for screen routes without an extension', () => {
    expect(resolveAppPath('app://pop-index/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppPath('app://pop-index/directory/p-12', root)).toBe(join(root, 'index.html'));
  });

  it.each([
    // The URL parser already folds these dot segments: they land inside the folder, never outside.
    ['app://pop-index/../../etc/passwd', join(root, 'index.html')],
    ['app://pop-index/%2e%2e/%2e%2e/etc/passwd.txt', join(root, 'etc', 'passwd.txt')],
  ])('keeps %s inside the folder', (url, expected) => {
    expect(resolveAppPath(url, root)).toBe(expected);
  });

  it.each([
    'app://pop-index/assets/%2e%2e%2f%2e%2e%2fsecret.js',
    'app://pop-index/..%2f..%2f..%2fetc%2fhosts.txt',
    'app://pop-index/..%5c..%5cwindows%5cwin.ini',
    'app://pop-index/index.html%00.png',
    'app://pop-index/%E0%A4%A.js',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'https://pop-index/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(url, root)).toBeNull();
  });

  it('names content types and a strict CSP', () => {
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

describe('isTrustedSender', () => {
  it('accepts only the main frame on the app origin', () => {
    expect(isTrustedSender({ isMainFrame: true, frameUrl: 'app://pop-index/index.html' })).toBe(true);
    expect(isTrustedSender({ isMainFrame: true, frameUrl: 'app://pop-index/directory' })).toBe(true);
  });
  it.each<[SenderInfo, string]>([
    [{ isMainFrame: false, frameUrl: 'app://pop-index/index.html' }, 'an iframe'],
    [{ isMainFrame: true, frameUrl: 'https://evil.example/index.html' }, 'another origin'],
    [{ isMainFrame: true, frameUrl: 'app://pop-index.evil/index.html' }, 'a look-alike host'],
    [{ isMainFrame: true, frameUrl: 'file:///work/out/renderer/index.html' }, 'file://'],
    [{ isMainFrame: true, frameUrl: null }, 'a destroyed frame'],
    [{ isMainFrame: true, frameUrl: '::::' }, 'garbage'],
  ])('refuses %o (%s)', (sender) => {
    expect(isTrustedSender(sender)).toBe(false);
  });
  it('maps channels to contract methods and refuses the rest', () => {
    expect(channelOf('directory.search')).toBe('pop:directory.search');
    expect(methodOfChannel('pop:directory.search')).toBe('directory.search');
    expect(methodOfChannel('pop:nope')).toBeNull();
    expect(methodOfChannel('directory.search')).toBeNull();
  });
});
