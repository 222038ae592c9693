/**
 * The dashboard's view of the network and the vendors: live institutions that exchange, the
 * figures per vendor infrastructure, the checker's view of every gateway now, and the
 * institutions per kind and per province.
 */
import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { getTranslations } from "@/lib/i18n/translations";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { loadNetworkHealth } from "@/lib/dashboard/model";
import { Controls } from "../_widgets/controls";
import { CountCard } from "../_widgets/count-card";
import { Exchanging } from "../_widgets/golive";
import { Network } from "../_widgets/network";
import { Vendors } from "../_widgets/vendors";
import { loadDashboardView } from "../_widgets/view";

export async function generateMetadata(): Promise<Metadata> {
  const [t, td] = await Promise.all([getTranslations("nav"), getTranslations("dashboard")]);
  return { title: `${td("view_network")} · ${t("dashboard")}` };
}

export default async function DashboardNetworkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("dashboard.view");
  const { ctx, params, today, qsBase, goLive, more: network } = await loadDashboardView(searchParams, ({ params, now }) =>
    // Network health is now, not as of a date.
    params.asOf ? Promise.resolve(null) : loadNetworkHealth(getDb(), now),
  );
  return (
    <>
      <Controls ctx={ctx} view="network" qsBase={qsBase} today={today} dateError={params.dateError} weeksError={params.weeksError} />
      <Exchanging ctx={ctx} g={goLive} canUpload={can(actor, "exchange.report")} />
      <Vendors ctx={ctx} goLive={goLive.counts} />
      <Network ctx={ctx} network={network} />
      <div className="grid">
        <CountCard ctx={ctx} by="kind" />
        <CountCard ctx={ctx} by="province" />
      </div>
    </>
  );
}
