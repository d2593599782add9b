/**
 * A tiny "system browser" for OIDC tests: plain HTTP requests with a cookie jar that follow
 * redirects and submit the provider's login and consent forms, until a page that has no form
 * (in the sign-in flow: the desktop's loopback "you can close this window" page).
 */
export interface BrowseResult {
  status: number;
  url: string;
  body: string;
  /** Every URL visited, in order (the loopback callback among them). */
  visited: string[];
}

export interface Credentials {
  login: string;
  password: string;
}

export async function browse(start: string, credentials: Credentials, maxSteps = 20): Promise<BrowseResult> {
  const cookies = new Map<string, string>();
  const visited: string[] = [];
  let url = start;
  let init: RequestInit = {};
  for (let step = 0; step < maxSteps; step++) {
    visited.push(url);
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      init = {};
      continue;
    }
    const body = await res.text();
    const form = /<form[^>]*action="([^"]+)"/.exec(body);
    if (!form || res.status !== 200) return { status: res.status, url, body, visited };
    const fields = new URLSearchParams();
    if (/name="login"/.test(body)) {
      fields.set('login', credentials.login);
      fields.set('password', credentials.password);
    }
    url = new URL(form[1] ?? '', url).toString();
    init = { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error(`browse: more than ${maxSteps} steps from ${start}`);
}
