/**
 * One readable sentence for a zod error, used wherever input is refused (the core's dispatch and
 * pull, the backend's routes and push): "limit: Too big; query: Expected string". Runs anywhere.
 * `root` names the whole value when an issue has no path ("input" in the core, "body" on HTTP).
 */
import type { z } from 'zod';

export function describeZodError(error: z.ZodError, root = 'input'): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : root}: ${issue.message}`)
    .join('; ');
}
