import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Class names joined, later Tailwind utilities winning over earlier ones (`cn("p-2", big && "p-4")`). */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}

/** The text of a form's field `name` ("" when the form has no such field). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
