import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useId } from "react";

import { api, ApiFailure, dataOf } from "@/api/client";
import type { components } from "@/api/schema";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTitle } from "@/lib/use-title";
import { formText } from "@/lib/utils";

type Key = components["schemas"]["Key"];
const KEYS = ["keys"];

/** The person's API keys (GET /api/v1/keys), making one (POST) and revoking one. */
function useKeys() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: KEYS });
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: async () => dataOf(await api.GET("/api/v1/keys")).results,
  });
  const create = useMutation({
    mutationFn: async (body: { name: string; expires_on: string | null }) =>
      dataOf(await api.POST("/api/v1/keys", { body })),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: async (prefix: string) => {
      dataOf(await api.POST("/api/v1/keys/{prefix}/revoke", { params: { path: { prefix } } }));
    },
    onSuccess: refresh,
  });
  return { keys, create, revoke };
}

export function ApiKeysPage() {
  useTitle("API keys");
  const { keys, create, revoke } = useKeys();

  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">API keys</h1>
      <p className="text-muted-foreground">
        A key lets a program use the API as you: send it in the <code>Authorization: Api-Key …</code> header.
      </p>
      <NewKeyForm create={create} />
      {revoke.isError && <Alert variant="destructive">{revoke.error.message}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>Your keys</CardTitle>
        </CardHeader>
        <CardContent>
          {keys.data?.length === 0 && <p>No keys yet.</p>}
          <ul className="flex flex-col divide-y" data-testid="key-list">
            {keys.data?.map((key) => (
              <li key={key.prefix}>
                <KeyRow
                  apiKey={key}
                  onRevoke={() => {
                    revoke.mutate(key.prefix);
                  }}
                />
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </section>
  );
}

type NewKeyFormProps = { create: ReturnType<typeof useKeys>["create"] };

/** Name a key (and when it ends), make it, and see it this once. */
function NewKeyForm({ create }: NewKeyFormProps) {
  const id = useId();
  const fields = create.error instanceof ApiFailure ? create.error.fields : {};

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expiresOn = formText(form, "expires_on");
    create.mutate({ name: formText(form, "name"), expires_on: expiresOn || null });
    event.currentTarget.reset();
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>New key</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {create.data && (
          <Alert data-testid="new-key">
            <p className="font-semibold">Copy the key {create.data.name} now: it is shown this once.</p>
            <code className="mt-2 block break-all">{create.data.key}</code>
          </Alert>
        )}
        {create.isError && <Alert variant="destructive">{create.error.message}</Alert>}
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-end">
          <Field id={`${id}-name`} label="Name" errors={fields["name"]}>
            <Input id={`${id}-name`} name="name" required maxLength={50} placeholder="CI deploys" />
          </Field>
          <Field id={`${id}-expires`} label="Expires on (optional)" errors={fields["expires_on"]}>
            <Input id={`${id}-expires`} name="expires_on" type="date" />
          </Field>
          <Button type="submit" disabled={create.isPending}>
            Create key
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

type FieldProps = { id: string; label: string; errors: string[] | undefined; children: React.ReactElement };

function Field({ id, label, errors, children }: FieldProps) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {errors?.map((error) => (
        <p key={error} className="text-sm text-destructive">
          {error}
        </p>
      ))}
    </div>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: Key; onRevoke: () => void }) {
  const ends = apiKey.expires_at ? new Date(apiKey.expires_at).toLocaleDateString() : "never";
  const used = apiKey.last_used_at ? new Date(apiKey.last_used_at).toLocaleString() : "never";
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2 py-3">
      <div className="min-w-0 grow">
        <p className="font-medium">
          {apiKey.name} <code className="text-sm text-muted-foreground">{apiKey.prefix}…</code>
        </p>
        <p className="text-sm text-muted-foreground">
          {apiKey.team ? `Team ${apiKey.team}. ` : ""}Expires {ends}. Last used {used}.
        </p>
      </div>
      {apiKey.revoked ? (
        <span className="text-sm text-muted-foreground">Revoked</span>
      ) : (
        <Button variant="destructive" size="sm" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>
          Revoke
        </Button>
      )}
    </div>
  );
}
