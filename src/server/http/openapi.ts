/**
 * GET /api/v1/openapi.json: an OpenAPI 3.1 document generated from the routes' zod schemas
 * (z.toJSONSchema), so it cannot drift from what the server validates.
 */
import { z } from 'zod';
import { ApiError, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol.js';
import type { RouteDoc } from './route.js';

type Json = Record<string, unknown>;

const NO_HEADER = new Set(['/api/v1/health', '/api/v1/openapi.json']);

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

function parameters(s: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (!s) return [];
  const js = schema(s, 'input');
  const props = (js.properties ?? {}) as Record<string, Json>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, p]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: p }));
}

export function openApiDocument(routes: readonly RouteDoc[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const errorBody = { content: { 'application/json': { schema: schema(ApiError, 'output') } } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, Json> = {
      '200': r.response
        ? { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } }
        : { description: 'OK', ...(r.produces ? { content: { [r.produces]: {} } } : {}) },
      '400': { description: 'invalid_input', ...errorBody },
    };
    const service = r.security === 'service';
    if (r.auth !== false || service) responses['401'] = { description: 'unauthenticated', ...errorBody };
    if (Array.isArray(r.auth)) responses['403'] = { description: `forbidden (needs one of: ${r.auth.join(', ')})`, ...errorBody };
    if (!NO_HEADER.has(r.url) && !service) responses['426'] = { description: 'protocol_mismatch', ...errorBody };
    for (const [status, description] of Object.entries(r.errors)) responses[status] = { description, ...errorBody };
    const params = [...parameters(r.params, 'path'), ...parameters(r.query, 'query')];
    for (const h of r.headers ?? []) params.push({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
    if (!NO_HEADER.has(r.url) && !service) params.push({ name: PROTOCOL_HEADER, in: 'header', required: true, schema: { type: 'integer', const: PROTOCOL_VERSION } });
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      ...(service ? { security: [{ serviceAccount: [] }] } : r.auth !== false ? { security: [{ bearer: [] }] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pop Index backend', version, description: `Sync protocol version ${PROTOCOL_VERSION}. See src/shared/sync/protocol.ts.` },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        serviceAccount: { type: 'http', scheme: 'bearer', description: 'Service API (docs/service-api.md): an API key "popsk.…" or an OAuth 2.0 client-credentials access token of the municipality\'s identity provider' },
      },
    },
    paths,
  };
}
