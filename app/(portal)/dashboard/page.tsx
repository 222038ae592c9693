import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { countInstitutionsBy, listVendors } from "@/db/queries/institutions";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { format } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";

export const metadata: Metadata = { title: "Dashboard" };

const TARGET_DATE = "2026-12-31";

export default async function DashboardPage() {
  await requirePagePermission("dashboard.view");
  const { t, locale } = await getMessages();
  const db = getDb();
  const [byVendor, byKind, byProvince, vendors] = await Promise.all([
    countInstitutionsBy(db, "vendor"),
    countInstitutionsBy(db, "kind"),
    countInstitutionsBy(db, "province"),
    listVendors(db),
  ]);
  const total = byKind.reduce((a, r) => a + r.n, 0);
  const vendorName = (code: string | null) => vendors.find((v) => v.code === code)?.name ?? t.home.no_vendor;
  const targetLabel = new Date(`${TARGET_DATE}T00:00:00Z`).toLocaleDateString(locale === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const daysLeft = Math.max(0, Math.round((Date.parse(`${TARGET_DATE}T00:00:00Z`) - today.getTime()) / 86_400_000));

  return (
    <>
      <h1>{t.home.programme_title}</h1>
      <p className="lead">{format(t.home.programme_intro, { target: targetLabel })}</p>
      <div className="grid">
        <section className="card" aria-labelledby="total-h">
          <h2 id="total-h">{t.home.total}</h2>
          <p className="stat">
            <Link href="/institutions">{total}</Link>
          </p>
          <p>{format(t.home.days_left, { days: daysLeft, target: targetLabel })}</p>
        </section>
        <CountTable id="vendor" title={t.home.by_vendor} head={t.home.vendor} countLabel={t.home.count} rows={byVendor.map((r) => ({ label: vendorName(r.key), n: r.n }))} />
        <CountTable id="kind" title={t.home.by_kind} head={t.home.kind} countLabel={t.home.count} rows={byKind.map((r) => ({ label: t.kinds[r.key as keyof typeof t.kinds] ?? String(r.key), n: r.n }))} />
        <CountTable id="province" title={t.home.by_province} head={t.home.province} countLabel={t.home.count} rows={byProvince.map((r) => ({ label: provinceName(r.key, locale), n: r.n }))} />
      </div>
    </>
  );
}

function CountTable({ id, title, head, countLabel, rows }: { id: string; title: string; head: string; countLabel: string; rows: { label: string; n: number }[] }) {
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{countLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td>{r.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
