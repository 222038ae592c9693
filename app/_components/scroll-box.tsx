"use client";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";

/**
 * The box a data table scrolls in when it is wider than the screen (WCAG 1.4.10 lets a data table
 * scroll inside its own box; the page itself must not). While the table does not fit, the box is a
 * named region that takes keyboard focus (the arrow keys scroll it), a visible hint above it says
 * there is more, and a shadow marks the edge that hides columns. When it fits, it is a plain box
 * without an extra tab stop. Every table of the portal sits in one.
 */
export function ScrollBox({ label, id, children }: { label: string; /** Makes the box a link target. */ id?: string; children: ReactNode }) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflowing(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    // Inside a closed <details> the box has no layout of its own to observe: measure again when it opens.
    document.addEventListener("toggle", measure, true);
    return () => {
      observer.disconnect();
      document.removeEventListener("toggle", measure, true);
    };
  }, []);
  return (
    <div className="scroll-box">
      {overflowing && (
        <p className="scroll-hint" id={hintId}>
          {t("scroll_hint")}
        </p>
      )}
      <div
        ref={ref}
        id={id}
        className="table-wrap"
        role={overflowing ? "region" : undefined}
        aria-label={overflowing ? label : undefined}
        aria-describedby={overflowing ? hintId : undefined}
        tabIndex={overflowing ? 0 : id ? -1 : undefined}
        data-overflowing={overflowing ? "" : undefined}
      >
        {children}
      </div>
    </div>
  );
}
