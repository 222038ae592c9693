/** One escalation: what, who acts, by when, the level and every step of its history. */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { canEscalate, type EscalationLevel, type EscalationStatus } from "@/lib/domain/escalations";
import { formatDate } from "@/lib/domain/dates";
import { getEscalation, linkNames } from "@/lib/escalations/queries";
import { isLocale } from "@/lib/i18n/messages";
import { isUuid } from "@/lib/validation/uuid";
import { ScrollBox } from "@/app/_components/scroll-box";
import { formChoices } from "../choices";
import { EscalateForm, EscalationForm, StatusForm } from "../forms";
import { Links } from "../links";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("escalations");
  return { title: t("one") };
}

export default async function EscalationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("escalations.view");
  await connection();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = getDb();
  const e = await getEscalation(db, id);
  if (!e) notFound();
  const [t, requested] = await Promise.all([getTranslations("escalations"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const names = await linkNames(db, [e.links]);
  const manage = can(actor, "escalations.manage");
  const choices = manage ? await formChoices(db, locale) : null;
  const up = canEscalate({ level: e.level as EscalationLevel, status: e.status as EscalationStatus });
  const dt = (at: Date) => formatDateTime(at, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  const level = (l: string | null) => (l ? t(`levels.${l as "programme"}`) : "—");
  const status = (s: string | null) => (s ? t(`statuses.${s as "open"}`) : "—");
  const eventText = (ev: (typeof e.events)[number]) => {
    switch (ev.action) {
      case "created":
        return t("ev_created");
      case "escalated":
        return t("ev_escalated", { from: level(ev.fromLevel), to: level(ev.toLevel) });
      case "status":
        return t("ev_status", { from: status(ev.fromStatus), to: status(ev.toStatus) });
      default:
        return t("ev_updated", { fields: (ev.changes ?? []).map((c) => t(`fields.${c.field as "title"}`)).join(", ") });
    }
  };
  return (
    <>
      <p>
        <Link href="/escalations">{t("back")}</Link>
      </p>
      <h1>
        E-{e.number} {e.title}
      </h1>
      <section className="card" aria-labelledby="esc-h">
        <h2 id="esc-h" style={{ marginTop: 0 }}>
          {t("details")}
        </h2>
        <dl className="kv" data-testid="escalation-details">
          <dt>{t("kind")}</dt>
          <dd>{t(`kinds.${e.kind as "issue"}`)}</dd>
          <dt>{t("level")}</dt>
          <dd>
            <span className="tag">{level(e.level)}</span>
          </dd>
          <dt>{t("status")}</dt>
          <dd>{status(e.status)}</dd>
          <dt>{t("owner")}</dt>
          <dd>{e.owner}</dd>
          <dt>{t("due_on")}</dt>
          <dd>{e.dueOn ? formatDate(e.dueOn, locale) : "—"}</dd>
          <dt>{t("links")}</dt>
          <dd>
            <Links links={e.links} names={names} locale={locale} />
          </dd>
        </dl>
        <p style={{ whiteSpace: "pre-wrap" }}>{e.description}</p>
      </section>
      {manage && (
        <section className="card" aria-labelledby="act-h">
          <h2 id="act-h" style={{ marginTop: 0 }}>
            {t("actions")}
          </h2>
          {up.ok ? <EscalateForm id={e.id} version={e.version} to={up.to} /> : <p className="muted">{t(`refusals.${up.reason}`)}</p>}
          <StatusForm id={e.id} version={e.version} status={e.status} />
          {choices && (
            <details>
              <summary>{t("edit")}</summary>
              <EscalationForm
                choices={choices}
                id={e.id}
                version={e.version}
                initial={{ kind: e.kind as "issue", title: e.title, description: e.description, owner: e.owner, dueOn: e.dueOn ?? "", institutionIds: e.links.institutionIds, vendorCodes: e.links.vendorCodes as never, milestoneCodes: e.links.milestoneCodes }}
              />
            </details>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h" style={{ marginTop: 0 }}>
          {t("history")}
        </h2>
        <ScrollBox label={t("history")}>
          <table data-testid="escalation-history">
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("who")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">{t("note")}</th>
              </tr>
            </thead>
            <tbody>
              {e.events.map((ev) => (
                <tr key={ev.id}>
                  <td>{dt(ev.at)}</td>
                  <td>{ev.actorName ?? ev.actorLabel}</td>
                  <td>{eventText(ev)}</td>
                  <td style={{ whiteSpace: "pre-wrap" }}>{ev.note ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </>
  );
}
