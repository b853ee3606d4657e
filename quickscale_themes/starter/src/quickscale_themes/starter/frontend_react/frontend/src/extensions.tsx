import type { RouteObject } from "react-router";

// What a theme that builds on this one adds to the app (the todo theme replaces this file): pages, their
// entries in the menu for signed-in people, and where choosing a team in the team switcher leads.

/** Pages of the app beside the starter's, in the app shell. */
export const extraRoutes: RouteObject[] = [];

/** Menu entries for signed-in people: label and path of a page of the app. */
export const extraNav: { label: string; to: string }[] = [];

/** Where the team switcher sends someone who picks the team `slug` (a page of the site: its members). */
export function teamPage(slug: string): { href: string } | { to: string } {
  return { href: `/t/${slug}/members/` };
}
