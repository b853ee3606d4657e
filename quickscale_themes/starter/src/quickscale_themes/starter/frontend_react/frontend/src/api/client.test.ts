import { api, ApiFailure, dataOf, signInUrl } from "./client";
import { fakeApi } from "@/test/server";

describe("the API client", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=token-from-django";
  });

  it("sends Django's CSRF token with a change, never with a read", async () => {
    const sent = fakeApi({ "GET /api/v1/keys": { body: { results: [] } }, "POST /api/v1/keys": { status: 201 } });
    await api.GET("/api/v1/keys");
    await api.POST("/api/v1/keys", { body: { name: "CI" } });
    expect(sent.map((request) => request.headers.get("X-CSRFToken"))).toEqual([null, "token-from-django"]);
    expect(sent.every((request) => request.credentials === "same-origin")).toBe(true);
  });

  it("sends someone whose session ended to sign in, and back to this page after", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { assign, pathname: "/app/keys/", search: "?tab=team" });
    fakeApi({ "GET /api/v1/keys": { status: 401, body: { error: { message: "Sign in." } } } });
    await api.GET("/api/v1/keys");
    expect(assign).toHaveBeenCalledWith("/accounts/login/?next=%2Fapp%2Fkeys%2F%3Ftab%3Dteam");
    expect(signInUrl()).toBe("/accounts/login/?next=%2Fapp%2Fkeys%2F%3Ftab%3Dteam");
  });

  it("asks who is signed in without sending a visitor away", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { assign, pathname: "/", search: "" });
    fakeApi({ "GET /api/v1/me": { status: 401 } });
    const answer = await api.GET("/api/v1/me");
    expect(answer.response.status).toBe(401);
    expect(assign).not.toHaveBeenCalled();
  });

  it("turns a refusal into the API's sentence and the fields' messages", async () => {
    const refusal = { error: { code: "invalid", message: "Check the form.", details: { name: ["Name it."] } } };
    fakeApi({ "POST /api/v1/keys": { status: 400, body: refusal } });
    const answer = await api.POST("/api/v1/keys", { body: { name: "" } });
    let failure: unknown;
    try {
      dataOf(answer);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ message: "Check the form.", fields: { name: ["Name it."] } });
  });
});
