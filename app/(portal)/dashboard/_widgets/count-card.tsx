/** Institutions and live institutions per kind or per province. */
import { getTranslations } from "@/lib/i18n/translations";
import { provinceName } from "@/lib/labels";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function CountCard({ ctx, by }: { ctx: DashboardContext; by: "kind" | "province" }) {
  const t = await getTranslations();
  const { m, drill, num, locale } = ctx;
  const groups = by === "kind" ? m.byKind : m.byProvince;
  const label = (key: string | null) => (by === "kind" ? (key && t.has(`kinds.${key}`) ? t(`kinds.${key}`) : String(key)) : provinceName(key, locale));
  return (
    <section className="card widget" aria-labelledby={`${by}-h`}>
      <h2 id={`${by}-h`}>{t(by === "kind" ? "dashboard.by_kind" : "dashboard.by_province")}</h2>
      <DataTable
        label={t(by === "kind" ? "dashboard.by_kind" : "dashboard.by_province")}
        head={[t(by === "kind" ? "dashboard.kind" : "dashboard.province"), t("dashboard.count"), t("dashboard.live")]}
        rows={groups.map((r) => {
          const filter = by === "kind" ? { kind: r.key ?? undefined } : { province: r.key ?? undefined };
          const text = label(r.key);
          return { key: text, header: text, cells: [{ href: drill(filter), text: num(r.n) }, { href: drill({ ...filter, live: true }), text: num(r.live) }] };
        })}
      />
    </section>
  );
}
