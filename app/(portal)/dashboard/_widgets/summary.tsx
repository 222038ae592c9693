/** The headline numbers: total, live, ready, awaiting verification, days to the target date. */
import { getTranslations } from "@/lib/i18n/translations";
import type { GoLiveConditionCounts } from "@/lib/golive/queries";
import type { DashboardContext } from "./context";
import { Stat } from "./stat";

export async function Summary({ ctx, goLive }: { ctx: DashboardContext; goLive: GoLiveConditionCounts }) {
  const [t, tg] = await Promise.all([getTranslations("dashboard"), getTranslations("golive.dash")]);
  const { m, drill, num, fd } = ctx;
  return (
    <section aria-labelledby="sum-h">
      <h2 id="sum-h">{t("summary")}</h2>
      <div className="grid">
        <Stat label={t("total")} value={num(m.total)} href={drill({})} testId="stat-total" />
        <Stat label={t("live")} value={num(m.live)} href={drill({ live: true })} note={t("of_target", { target: num(m.targetCount) })}
          // Issue 17 §1: an override is shown as such wherever the live number appears.
          detail={tg("headline_note", { attention: num(goLive.liveAttention), override: num(goLive.liveOverride) })}
          detailTestId="stat-live-detail"
          testId="stat-live"
        />
        <Stat label={t("ready")} value={num(m.byPhase.ready_for_go_live)} href={drill({ phase: "ready_for_go_live" })} testId="stat-ready" />
        <Stat label={t("awaiting")} value={num(m.awaitingTotal)} href={drill({ awaiting: true })} testId="stat-awaiting" />
        <Stat label={t("days_left", { date: fd(m.targetDate) })} value={num(m.daysRemaining)} testId="stat-days" />
      </div>
    </section>
  );
}
