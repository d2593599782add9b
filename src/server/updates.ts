/**
 * The update feed IT can host on the Pop Index backend itself: GET /updates/<file> serves the
 * files IT places in one folder (latest.yml, latest-linux.yml, latest-mac.yml, installers,
 * blockmaps), as electron-updater's generic provider expects. Only plain file names inside that
 * folder are served; anything else is 404. Written by the shell engineer (see docs/IT.md).
 *
 *   await registerUpdateRoutes(app, { dir: process.env.POP_UPDATES_DIR ?? null });
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;
const TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface UpdateRoutesOptions {
  /** Folder with the feed files; null: the route answers 404 (no feed hosted here). */
  dir: string | null;
  /** URL prefix, default '/updates'. */
  prefix?: string;
}

export async function registerUpdateRoutes(app: FastifyInstance, options: UpdateRoutesOptions): Promise<void> {
  const prefix = options.prefix ?? '/updates';
  const root = options.dir ? resolve(options.dir) : null;
  app.get<{ Params: { file: string } }>(`${prefix}/:file`, async (request, reply) => {
    const name = request.params.file;
    if (!root || !FILE_NAME.test(name) || name.includes('..')) return reply.code(404).send({ error: 'not_found', message: 'No such update file' });
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send({ error: 'not_found', message: 'No such update file' });
    const yaml = extname(name) === '.yml' || extname(name) === '.yaml';
    return reply
      .header('content-type', TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream')
      .header('content-length', info.size)
      // The metadata must never be cached (a new release replaces it); installers are immutable.
      .header('cache-control', yaml ? 'no-cache' : 'public, max-age=86400')
      .send(createReadStream(path));
  });
}
