import { type ReactNode, useEffect, useId, useRef, useState } from "react";

import { cn } from "@/lib/utils";

import { buttonVariants } from "./button";

type MenuProps = {
  /** The button's content; `label` names it for screen readers when the content alone would not. */
  trigger: ReactNode;
  label?: string;
  className?: string;
  children: ReactNode;
};

/** A button that opens a panel of links below it; Escape, a click outside or choosing a link closes it. */
export function Menu({ trigger, label, className, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panel = useId();

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("mousedown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("mousedown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);

  return (
    <div ref={root} className={cn("relative", className)}>
      <button
        type="button"
        className={buttonVariants({ variant: "secondary", size: "sm" })}
        aria-expanded={open}
        aria-controls={panel}
        aria-label={label}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {trigger}
      </button>
      <div
        id={panel}
        hidden={!open}
        className="absolute right-0 z-10 mt-2 flex w-60 max-w-[calc(100vw-2rem)] flex-col rounded-md border bg-card p-1 shadow-lg"
        onClick={(event) => {
          if ((event.target as HTMLElement).closest("a")) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}

/** The look of one entry of a Menu, for a link to a page of the app (`<Link>`) or of the site (`<a>`). */
export const menuItem =
  "rounded-sm px-3 py-2 text-sm hover:bg-secondary focus-visible:outline-2 focus-visible:outline-ring";
