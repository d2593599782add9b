/**
 * The update feed IT can host on the Pop Index backend itself: GET /updates/<file> serves the
 * files IT places in one folder (latest.yml, latest-linux.yml, latest-mac.yml, installers,
 * blockmaps), as electron-updater's generic provider expects. Served by @fastify/static, so HTTP
 * Range requests work (electron-updater's differential download fetches the changed blocks of the
 * installer only), with ETag / Last-Modified. Only plain file names inside that folder are served:
 * no listing, no dot files, no sub-folders; anything else is 404. See docs/IT.md.
 *
 *   await registerUpdateRoutes(app, { dir: process.env.POP_UPDATES_DIR ?? null });
 */
import { extname, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;

export interface UpdateRoutesOptions {
  /** Folder with the feed files; null: the route answers 404 (no feed hosted here). */
  dir: string | null;
  /** URL prefix, default '/updates'. */
  prefix?: string;
}

const notFound = { error: 'not_found', message: 'No such update file' };

export async function registerUpdateRoutes(app: FastifyInstance, options: UpdateRoutesOptions): Promise<void> {
  const prefix = options.prefix ?? '/updates';
  const root = options.dir ? resolve(options.dir) : null;
  await app.register(async (scope) => {
    if (root) {
      await scope.register(fastifyStatic, {
        root,
        serve: false, // only through the route below, after the name check
        acceptRanges: true,
        cacheControl: false,
        dotfiles: 'deny',
        index: false,
        list: false,
        setHeaders(res, path) {
          const yaml = ['.yml', '.yaml'].includes(extname(path).toLowerCase());
          // The metadata must never be cached (a new release replaces it); installers are immutable.
          res.header('cache-control', yaml ? 'no-cache' : 'public, max-age=86400');
          if (yaml) res.header('content-type', 'text/yaml; charset=utf-8');
        },
      });
    }
    scope.get<{ Params: { file: string } }>(`${prefix}/:file`, async (request, reply) => {
      const name = request.params.file;
      if (!root || !FILE_NAME.test(name) || name.includes('..')) return reply.code(404).send(notFound);
      return reply.sendFile(name); // a missing file: the app's 404
    });
  });
}
