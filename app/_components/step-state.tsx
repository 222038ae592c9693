import { getTranslations } from "@/lib/i18n/translations";
import type { StepState } from "@/lib/domain/readiness";
import { StepStateBadge } from "./step-state-badge";

/** A step state as a coloured label; the text carries the meaning, colour only supports it. */
export async function StepStateTag({ state }: { state: StepState }) {
  const t = await getTranslations("readiness.states");
  return <StepStateBadge state={state} label={t(state)} />;
}
