/**
 * electron-updater's NsisUpdater running in plain Node (see ../shared/brief/TOOLCHAIN.md beside the project): a custom AppAdapter and an
 * HTTP executor over node:http instead of Electron's net module. Only Electron itself is replaced;
 * the feed parsing, staging, download and sha512 verification are electron-updater's own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { join } from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';

/**
 * One connection per request: electron-updater sets a timeout on every request, and on Node's
 * keep-alive sockets those listeners pile up (MaxListenersExceededWarning). Electron's net module,
 * which the app uses, has no such sockets.
 */
const agent = new Agent({ keepAlive: false });

class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request({ ...options, agent }, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }
}

export function createNodeUpdater(opts: { dir: string; version: string; feedUrl: string }): NsisUpdater {
  const userData = join(opts.dir, 'userData');
  const cache = join(opts.dir, 'cache');
  mkdirSync(userData, { recursive: true });
  mkdirSync(cache, { recursive: true });
  const configPath = join(opts.dir, 'app-update.yml');
  writeFileSync(configPath, `provider: generic\nurl: ${opts.feedUrl}\nupdaterCacheDirName: pop-index-updater\n`);
  const adapter: AppAdapter = {
    version: opts.version,
    name: 'pop-index',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: userData,
    baseCachePath: cache,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new NsisUpdater(undefined, adapter);
  Object.assign(updater, { httpExecutor: new NodeHttpExecutor(), _testOnlyOptions: { platform: 'win32', isUseDifferentialDownload: false } });
  return updater;
}

/** Fixes the staging user id electron-updater keeps in userData/.updaterId (position in a rollout). */
export function setStagingUserId(dir: string, id: string): void {
  writeFileSync(join(dir, 'userData', '.updaterId'), id);
}
