import { useQuery } from "@tanstack/react-query";

import { api, dataOf } from "./client";
import type { components } from "./schema";

export type Me = components["schemas"]["Me"];

/** Who is signed in: the user, or null for a visitor (the session cookie decides). */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me | null> => {
      const answer = await api.GET("/api/v1/me");
      return answer.response.status === 401 ? null : dataOf(answer);
    },
    staleTime: Infinity,
  });
}
