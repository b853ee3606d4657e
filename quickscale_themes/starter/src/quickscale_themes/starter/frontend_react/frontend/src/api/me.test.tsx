import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";

import { useMe } from "./me";
import { fakeApi } from "@/test/server";

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe("useMe", () => {
  it("is null for a visitor", async () => {
    fakeApi({ "GET /api/v1/me": { status: 401, body: { error: { message: "Sign in." } } } });
    const { result } = renderHook(() => useMe(), { wrapper });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    expect(result.current.data).toBeNull();
  });

  it("is the person signed in", async () => {
    fakeApi({ "GET /api/v1/me": { body: { id: 7, email: "ada@example.com" } } });
    const { result } = renderHook(() => useMe(), { wrapper });
    await waitFor(() => {
      expect(result.current.data).toMatchObject({ email: "ada@example.com" });
    });
  });
});
