import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { ApiKeysPage } from "./api-keys";
import { fakeApi, renderPage } from "@/test/server";

const KEY = {
  prefix: "Ab12Cd34",
  name: "CI deploys",
  created_at: "2026-01-02T10:00:00Z",
  expires_at: null,
  last_used_at: null,
  revoked: false,
  team: null,
};

describe("the API keys page", () => {
  it("lists the person's keys, and shows a new key this once", async () => {
    const sent = fakeApi({
      "GET /api/v1/keys": { body: { count: 1, next: null, previous: null, results: [KEY] } },
      "POST /api/v1/keys": { status: 201, body: { ...KEY, prefix: "Zz99Yy88", name: "Backups", key: "Zz99Yy88.secret" } },
    });
    renderPage(<ApiKeysPage />, "/app/keys/");
    expect(await within(screen.getByTestId("key-list")).findByText("CI deploys")).toBeVisible();

    await userEvent.type(screen.getByLabelText("Name"), "Backups");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));

    expect(await screen.findByTestId("new-key")).toHaveTextContent("Zz99Yy88.secret");
    const created = sent.find((request) => request.method === "POST");
    expect(await created?.json()).toEqual({ name: "Backups", expires_on: null });
  });

  it("says why a key was refused, beside its field", async () => {
    fakeApi({
      "GET /api/v1/keys": { body: { count: 0, next: null, previous: null, results: [] } },
      "POST /api/v1/keys": {
        status: 400,
        body: { error: { code: "invalid", message: "Check the key's details.", details: { name: ["Name taken."] } } },
      },
    });
    renderPage(<ApiKeysPage />, "/app/keys/");
    expect(await screen.findByText("No keys yet.")).toBeVisible();
    await userEvent.type(screen.getByLabelText("Name"), "CI deploys");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByText("Name taken.")).toBeVisible();
    expect(screen.getByText("Check the key's details.")).toBeVisible();
    expect(screen.queryByTestId("new-key")).toBeNull();
  });

  it("revokes a key", async () => {
    const sent = fakeApi({
      "GET /api/v1/keys": { body: { count: 1, next: null, previous: null, results: [KEY] } },
      "POST /api/v1/keys/Ab12Cd34/revoke": { body: { ...KEY, revoked: true } },
    });
    renderPage(<ApiKeysPage />, "/app/keys/");
    await userEvent.click(await screen.findByRole("button", { name: "Revoke CI deploys" }));
    await vi.waitFor(() => {
      expect(sent.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toContain(
        "POST /api/v1/keys/Ab12Cd34/revoke",
      );
    });
  });
});
