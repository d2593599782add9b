/** Small helpers that keep feature code typed without ceremony. */
import type { z } from 'zod';
import type { CommandHandler, CommandOutcome, ServerFeature } from './types.js';

export function applied(result: Record<string, unknown> = {}): CommandOutcome {
  return { status: 'applied', result };
}

/** A conflict or refusal: `reason` is a stable code, `message` readable nl-BE for the user. */
export function reject(reason: string, message: string): CommandOutcome {
  return { status: 'rejected', reason, message };
}

/** Keeps the payload type of the handler inferred from its schema. */
export function defineCommand<S extends z.ZodType>(handler: CommandHandler<S>): CommandHandler {
  return handler as unknown as CommandHandler;
}

export function defineFeature(feature: ServerFeature): ServerFeature {
  return feature;
}
