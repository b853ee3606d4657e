import { Link } from "react-router";

import { useTitle } from "@/lib/use-title";

export function NotFoundPage() {
  useTitle("Page not found");
  return (
    <section>
      <h1 className="text-3xl font-bold">Page not found</h1>
      <p className="mt-2 text-muted-foreground">
        There is no page at this address. <Link className="text-primary underline" to="/">Go to the home page</Link>.
      </p>
    </section>
  );
}
