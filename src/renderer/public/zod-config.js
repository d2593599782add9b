// Runs before the app bundle (a classic script, allowed by script-src 'self'). zod compiles
// validators with new Function() where it can; only probing for that already logs a CSP violation
// (no 'unsafe-eval'), a DevTools issue that costs Lighthouse best practices. zod reads its
// configuration from this global when its schemas are defined: interpret instead of compiling.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
