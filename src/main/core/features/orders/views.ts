/**
 * What the order screens show: the synced rows of the cache merged with my draft saves in the
 * outbox (`orders.saveDraft`). A save still waiting overlays the synced copy (or is the only copy
 * of a new draft, without a number yet); a refused save keeps what I typed next to the server's
 * message. Plain functions over the cache and the outbox list.
 */
import { computeTotals, SaveDraftPayload, SaveDraftResult, type PurchaseOrder } from '../../../../shared/domain/orders.js';
import type { DraftState, OrderDetail, OrderSummary } from '../../../../shared/contract/orders.js';
import type { SessionUser } from '../../../../shared/sync/protocol.js';
import type { CacheDb, OutboxCommand } from '../types.js';

export const SAVE_DRAFT = 'orders.saveDraft';

/** A cached row (older caches lack the fields added later). */
export function parseCached(data: string): PurchaseOrder {
  return { deliveryAddress: '', attachments: [], ...(JSON.parse(data) as Partial<PurchaseOrder>) } as PurchaseOrder;
}

export function cachedOrder(db: CacheDb, id: string): PurchaseOrder | null {
  const row = db.prepare('SELECT data FROM purchase_orders WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? parseCached(row.data) : null;
}

export interface LocalDraft {
  orderId: string;
  command: OutboxCommand;
  payload: SaveDraftPayload;
}

/** The newest draft save per order (commands come newest first), without drafts I threw away. */
export function latestDrafts(db: CacheDb, commands: readonly OutboxCommand[]): Map<string, LocalDraft> {
  const out = new Map<string, LocalDraft>();
  const discarded = new Set((db.prepare('SELECT order_id FROM order_discarded').all() as { order_id: string }[]).map((r) => r.order_id));
  for (const c of commands) {
    if (c.type !== SAVE_DRAFT) continue;
    const p = SaveDraftPayload.safeParse(c.payload);
    if (!p.success || out.has(p.data.orderId) || discarded.has(p.data.orderId)) continue;
    out.set(p.data.orderId, { orderId: p.data.orderId, command: c, payload: p.data });
  }
  return out;
}

/** The state to show for my newest save: null once the server's copy (pulled) is what I saved. */
export function draftState(local: LocalDraft | undefined, cached: PurchaseOrder | null): DraftState | null {
  if (!local) return null;
  const { command, payload } = local;
  if (command.status === 'pending') return { status: 'pending', message: null, draft: payload.draft };
  if (command.status === 'rejected') {
    // a refusal older than the server's current copy was dealt with (the copy moved on)
    if (cached && cached.updatedAt > command.createdAt) return null;
    return { status: 'rejected', message: command.message, draft: payload.draft };
  }
  return null;
}

function applied(local: LocalDraft): SaveDraftResult | null {
  if (local.command.status !== 'applied') return null;
  const r = SaveDraftResult.safeParse(local.command.result);
  return r.success ? r.data : null;
}

/** The order as I should see it: the cached copy, with my newest pending save laid over it. */
export function orderView(db: CacheDb, user: SessionUser, cached: PurchaseOrder | null, local: LocalDraft | undefined): Omit<OrderDetail, 'myAction'> | null {
  const state = draftState(local, cached);
  const mine = (o: { requesterId: string; status: string }) => o.requesterId === user.personId && o.status === 'ontwerp';
  if (cached) {
    // my save waiting, or applied but the pull has not brought the new copy yet
    const done = local ? applied(local) : null;
    const newer = state?.status === 'pending' ? state.draft : done && local && done.updatedAt > cached.updatedAt ? local.payload.draft : null;
    const overlay = newer ? { ...newer, totals: computeTotals(newer.lines) } : {};
    return { ...cached, ...overlay, draftState: state, editable: mine(cached) };
  }
  if (!local) return null;
  const p = local.payload;
  const person = db.prepare('SELECT p.department_id AS departmentId, d.name AS departmentName FROM dir_people p LEFT JOIN dir_departments d ON d.id = p.department_id WHERE p.id = ?').get(user.personId ?? '') as
    | { departmentId: string; departmentName: string | null }
    | undefined;
  const result = applied(local);
  return {
    id: p.orderId,
    municipalityId: user.municipalityId,
    number: result?.number ?? null,
    ...p.draft,
    totals: computeTotals(p.draft.lines),
    commitmentNumber: null,
    requesterId: user.personId ?? '',
    requesterName: user.displayName,
    departmentId: person?.departmentId ?? '',
    departmentName: person?.departmentName ?? '',
    status: 'ontwerp',
    history: [],
    approvalId: null,
    updatedAt: local.command.createdAt,
    attachments: [],
    draftState: state,
    editable: local.command.status !== 'applied' || !!result,
  };
}

export function toSummary(o: Omit<OrderDetail, 'myAction'>): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    description: o.description,
    status: o.status,
    requesterId: o.requesterId,
    requesterName: o.requesterName,
    departmentId: o.departmentId,
    departmentName: o.departmentName,
    totals: o.totals,
    approvalId: o.approvalId,
    updatedAt: o.updatedAt,
    supplierName: o.supplier.name,
    draftState: o.draftState?.status ?? null,
  };
}
