import { getTranslations } from "@/lib/i18n/translations";
import type { StepState } from "@/lib/domain/readiness";

const STYLE: Record<StepState, { bg: string; fg: string }> = {
  open: { bg: "#e3e8ef", fg: "#1b1f24" },
  reported: { bg: "#fff1c2", fg: "#4d3800" },
  verified: { bg: "#d9f2e1", fg: "#0f4a22" },
  rejected: { bg: "#fbdcd9", fg: "#6b1510" },
  not_applicable: { bg: "#eeeeee", fg: "#3b3b3b" },
};

/** A step state as a coloured label; the text carries the meaning, colour only supports it. */
export async function StepStateTag({ state }: { state: StepState }) {
  const t = await getTranslations("readiness.states");
  return (
    <span className="tag" style={{ background: STYLE[state].bg, color: STYLE[state].fg, fontWeight: 600 }}>
      {t(state)}
    </span>
  );
}
