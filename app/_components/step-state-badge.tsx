/**
 * The coloured label of a step state, given its text: shared by the server's StepStateTag
 * (step-state.tsx, which looks the text up) and client components that get the text as data.
 */
import type { StepState } from "@/lib/domain/readiness";

const STYLE: Record<StepState, { bg: string; fg: string }> = {
  open: { bg: "#e3e8ef", fg: "#1b1f24" },
  reported: { bg: "#fff1c2", fg: "#4d3800" },
  verified: { bg: "#d9f2e1", fg: "#0f4a22" },
  rejected: { bg: "#fbdcd9", fg: "#6b1510" },
  not_applicable: { bg: "#eeeeee", fg: "#3b3b3b" },
};

/** The text carries the meaning, colour only supports it. */
export function StepStateBadge({ state, label }: { state: StepState; label: string }) {
  return (
    <span className="tag" style={{ background: STYLE[state].bg, color: STYLE[state].fg, fontWeight: 600 }}>
      {label}
    </span>
  );
}
