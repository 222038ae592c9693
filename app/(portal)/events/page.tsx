/** Events (issue 18 §3): upcoming or past events for the caller's audience, with seats, waiting list and the caller's registration. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { listEventsFor } from "@/lib/events/queries";
import { getLocale } from "@/lib/i18n/server";
import { ScrollBox } from "@/app/_components/scroll-box";
import { seatsText, timeRange, whereText } from "./format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("title") };
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("events.view");
  await connection();
  const [t, locale, sp] = await Promise.all([getTranslations("events"), getLocale(), searchParams]);
  const past = sp.past === "1";
  const rows = await listEventsFor(getDb(), { actor, now: new Date(), past });
  const tt = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p style={{ display: "flex", gap: "1rem", flexWrap: "wrap" }}>
        {can(actor, "events.manage") && (
          <Link className="button" href="/events/new">
            {t("new")}
          </Link>
        )}
        <Link href={past ? "/events" : "/events?past=1"}>{past ? t("show_upcoming") : t("show_past")}</Link>
      </p>
      <section aria-labelledby="list-h">
        <h2 id="list-h">{past ? t("past") : t("upcoming")}</h2>
        {rows.length === 0 ? (
          <p>{past ? t("past_none") : t("none")}</p>
        ) : (
          <ScrollBox label={past ? t("past") : t("upcoming")}>
            <table data-testid="event-table">
              <thead>
                <tr>
                  <th scope="col">{t("col_when")}</th>
                  <th scope="col">{t("col_what")}</th>
                  <th scope="col">{t("col_kind")}</th>
                  <th scope="col">{t("col_where")}</th>
                  <th scope="col">{t("col_seats")}</th>
                  <th scope="col">{t("col_you")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td>{timeRange(e, locale, tt)}</td>
                    <td>
                      <Link href={`/events/${e.id}`}>{e.title}</Link>
                      {e.cancelledAt && <div className="muted">{t("cancelled_badge")}</div>}
                    </td>
                    <td>{t(`kinds.${e.kind as "webinar"}`)}</td>
                    <td>{whereText(e, tt)}</td>
                    <td>
                      {seatsText(e, tt)}
                      {e.waiting > 0 && <div className="muted">{t("waiting_count", { count: e.waiting })}</div>}
                    </td>
                    <td>{e.myStatus ? t(`statuses.${e.myStatus}`) : t("not_registered")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </>
  );
}
