import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "./schema";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The one request whose 401 is an answer, not a lost session: who is signed in (nobody, on public pages). */
const WHO_AM_I = "/api/v1/me";

/** The value of the cookie `name`, if the browser has it. */
export function cookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split("; ").find((entry) => entry.startsWith(prefix));
  return found === undefined ? undefined : decodeURIComponent(found.slice(prefix.length));
}

/** Django's sign-in page, asked to come back to the page shown now once signed in. */
export function signInUrl(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `/accounts/login/?next=${encodeURIComponent(here)}`;
}

// The session cookie authenticates; Django wants its CSRF token (the csrftoken cookie) on every change.
const csrf: Middleware = {
  onRequest({ request }) {
    const token = cookie("csrftoken");
    if (!SAFE_METHODS.has(request.method) && token !== undefined) request.headers.set("X-CSRFToken", token);
    return request;
  },
};

// A session that ended (signed out elsewhere, expired) sends the person to sign in, then back here.
const signInAgain: Middleware = {
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== WHO_AM_I) window.location.assign(signInUrl());
    return response;
  },
};

/** The site's API (/api/v1/), typed from its OpenAPI schema (schema.d.ts, `npm run api:types`). */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: "same-origin",
  // Looked up on each request, so tests can stand in for the network.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrf, signInAgain);

/** The API's one error shape: {"error": {"code", "message", "details"}}. */
type ErrorBody = { error?: { message?: string; details?: Record<string, string[] | undefined> } };

/** A refused request: the API's sentence, and for a form the messages of each field. */
export class ApiFailure extends Error {
  readonly fields: Record<string, string[] | undefined>;

  constructor(status: number, body: unknown) {
    const { message, details } = (body as ErrorBody | undefined)?.error ?? {};
    super(message ?? `The server answered ${status}; try again.`);
    this.fields = details ?? {};
  }
}

/** The data of an answer (undefined for 204 No Content); an ApiFailure when the API refused. */
export function dataOf<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok) throw new ApiFailure(answer.response.status, answer.error);
  return answer.data as T;
}
