import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";

/** What the fake API answers to "METHOD /path": a status and a JSON body. */
export type Answers = Record<string, { status?: number; body?: unknown }>;

/** The requests the app sent, in order, as the API saw them. */
export type Sent = Request[];

/** Stand in for the network: each request gets its answer from `answers` (404 for others), and is kept in the
 * list returned, so a test can check what the app sent. */
export function fakeApi(answers: Answers): Sent {
  const sent: Sent = [];
  vi.stubGlobal("fetch", (request: Request) => {
    sent.push(request);
    const { pathname, search } = new URL(request.url);
    const answer = answers[`${request.method} ${pathname}${search}`] ?? answers[`${request.method} ${pathname}`];
    const status = answer?.status ?? (answer ? 200 : 404);
    const body = status === 204 ? null : JSON.stringify(answer?.body ?? { error: { message: "Not found." } });
    return Promise.resolve(new Response(body, { status, headers: { "Content-Type": "application/json" } }));
  });
  return sent;
}

/** `page` as the app shows it at `path`, with a fresh query cache. */
export function renderPage(page: ReactElement, path = "/") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{page}</MemoryRouter>
    </QueryClientProvider>,
  );
}
