import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { userNamesById } from "@/lib/auth/queries";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { listRuleSetRows, rowToRuleSet, ruleSetInForce } from "@/lib/financing/rule-sets";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { NewDraftButton } from "./draft-buttons";
import { ScrollBox } from "@/app/_components/scroll-box";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const f = await getTranslations("financing");
  return { title: f("meta_rules") };
}

export default async function RuleSetsPage() {
  const actor = await requirePagePermission("financing.view");
  const [f, locale] = await Promise.all([getTranslations("financing"), getLocale()]);
  const db = getDb();
  const manage = can(actor, "financing.manage");
  const all = await listRuleSetRows(db);
  // Drafts are work in progress of the admins; viewers see what was decided.
  const rows = manage ? all : all.filter((r) => r.status === "published");
  const ids = [...new Set(rows.flatMap((r) => [r.publishedBy, r.updatedBy]).filter((x): x is string => !!x))];
  const names = await userNamesById(db, ids);
  const today = toAmsterdamDate(new Date());
  const inForce = ruleSetInForce(rows.filter((r) => r.status === "published").map(rowToRuleSet), today);
  const d = (iso: string) => formatDate(iso)[locale];
  const dt = (at: Date) => formatDateTime(at, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  const hasDraft = all.some((r) => r.status === "draft");

  return (
    <>
      <p>
        <Link href="/financing">← {f("title")}</Link>
      </p>
      <h1>{f("rules_title")}</h1>
      <p className="lead">{f("rules_intro")}</p>
      {manage && (hasDraft ? <p>{f("draft_exists")}</p> : <NewDraftButton />)}
      <ScrollBox label={f("rules_title")}>
        <table>
          <caption className="visually-hidden">{f("rules_title")}</caption>
          <thead>
            <tr>
              <th scope="col">{f("version")}</th>
              <th scope="col">{f("status")}</th>
              <th scope="col">{f("effective")}</th>
              <th scope="col">{f("review_date")}</th>
              <th scope="col">{f("change_note")}</th>
              <th scope="col">
                <span className="visually-hidden">{f("open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-version={r.version}>
                <td>{f("version_n", { version: r.version })}</td>
                <td>
                  <span className="tag">{r.status === "draft" ? f("state_draft") : f("state_published")}</span>
                  {inForce?.version === r.version && <span className="tag">{f("in_force_tag")}</span>}
                  <div className="muted">
                    {r.status === "published"
                      ? f("published_by", { name: (r.publishedBy && names.get(r.publishedBy)) || f("system"), date: r.publishedAt ? dt(r.publishedAt) : "" })
                      : f("draft_by", { name: (r.updatedBy && names.get(r.updatedBy)) || f("system"), date: dt(r.updatedAt) })}
                  </div>
                </td>
                <td>
                  {d(r.effectiveFrom)} – {r.effectiveUntil ? d(r.effectiveUntil) : f("open_ended")}
                </td>
                <td>{r.reviewDate ? d(r.reviewDate) : f("none")}</td>
                <td>{r.changeNote || f("none")}</td>
                <td>
                  <Link href={`/financing/rules/${r.id}`} aria-label={`${r.status === "draft" && manage ? f("edit_draft") : f("open")}: ${f("version_n", { version: r.version })}`}>
                    {r.status === "draft" && manage ? f("edit_draft") : f("open")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
