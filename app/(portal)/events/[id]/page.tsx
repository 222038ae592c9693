/**
 * One event (issue 18 §3): when, where, seats and waiting list, the caller's registration with the
 * register / cancel buttons and their place on the waiting list, the .ics file; for a working group
 * its members and documents; for the organiser (events.manage) the attendee list, its CSV, the
 * document upload, changing and cancelling the event.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ActionButton } from "@/app/_components/action-button";
import { audienceText } from "@/app/_components/audience";
import { ScrollBox } from "@/app/_components/scroll-box";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/domain/dates";
import { registrationOpen } from "@/lib/domain/events";
import { getEventFor, listAttendees } from "@/lib/events/queries";
import { getLocale } from "@/lib/i18n/server";
import { cancelEventAction, cancelRegistrationAction, registerForEventAction } from "../actions";
import { seatsText, timeRange, whereText } from "../format";
import { DocumentForm } from "./document-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("title") };
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("events.view");
  await connection();
  const { id } = await params;
  const db = getDb();
  // An event outside the caller's audience is not found, like one that does not exist.
  const e = await getEventFor(db, { actor, id });
  if (!e) notFound();
  const [t, locale] = await Promise.all([getTranslations("events"), getLocale()]);
  const tt = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const manage = can(actor, "events.manage");
  const mayRegister = can(actor, "events.register");
  const open = registrationOpen({ startsAt: e.startsAt, cancelled: Boolean(e.cancelledAt), now: new Date() });
  const attendees = manage ? await listAttendees(db, e.id) : [];
  const workingGroup = e.kind === "working_group";
  let waitingPlace = 0;
  return (
    <>
      <p>
        <Link href="/events">{t("back")}</Link>
      </p>
      <h1>{e.title}</h1>
      {e.cancelledAt && (
        <p className="alert error" role="status">
          {t("cancelled_notice")}
        </p>
      )}
      <section className="card" aria-labelledby="about-h">
        <h2 id="about-h" style={{ marginTop: 0 }}>
          {t("about")}
        </h2>
        <dl className="kv">
          <dt>{t("when")}</dt>
          <dd>{timeRange(e, locale, tt)}</dd>
          <dt>{t("kind_label")}</dt>
          <dd>{t(`kinds.${e.kind as "webinar"}`)}</dd>
          {e.location && (
            <>
              <dt>{t("place")}</dt>
              <dd>{e.location}</dd>
            </>
          )}
          {e.link && (
            <>
              <dt>{t("link")}</dt>
              <dd style={{ overflowWrap: "anywhere" }}>
                <a href={e.link} rel="noopener noreferrer">
                  {e.link}
                </a>
              </dd>
            </>
          )}
          {!e.location && !e.link && (
            <>
              <dt>{t("col_where")}</dt>
              <dd>{whereText(e, tt)}</dd>
            </>
          )}
          <dt>{t("capacity")}</dt>
          <dd data-testid="event-seats">
            {seatsText(e, tt)}
            {e.waiting > 0 && <> · {t("waiting_count", { count: e.waiting })}</>}
          </dd>
          <dt>{t("audience")}</dt>
          <dd>{audienceText(e.audience, locale)}</dd>
        </dl>
        <p style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{e.description}</p>
        <p>
          <a href={`/events/${e.id}/calendar.ics`} download>
            {t("calendar")}
          </a>
        </p>
      </section>

      {mayRegister && (
        <section className="card" aria-labelledby="reg-h">
          <h2 id="reg-h" style={{ marginTop: 0 }}>
            {t("registration")}
          </h2>
          <p role="status" data-testid="my-registration">
            {e.myStatus === "registered" ? t("you_registered") : e.myStatus === "waiting" ? t("you_waiting", { place: e.myPlace ?? 1 }) : t("you_none")}
          </p>
          {!open ? (
            <p className="muted">{t("closed")}</p>
          ) : e.myStatus === "registered" || e.myStatus === "waiting" ? (
            <ActionButton action={cancelRegistrationAction} args={[e.id]} text={e.myStatus === "waiting" ? t("leave_waitlist") : t("unregister")} confirm={e.myStatus === "registered" ? t("unregister_confirm") : undefined} />
          ) : (
            <ActionButton action={registerForEventAction} args={[e.id]} text={t("register")} variant="primary" />
          )}
        </section>
      )}

      {workingGroup && (
        <section className="card" aria-labelledby="members-h">
          <h2 id="members-h" style={{ marginTop: 0 }}>
            {t("members")}
          </h2>
          {e.members.length === 0 ? (
            <p>{t("members_none")}</p>
          ) : (
            <ul data-testid="members">
              {e.members.map((m, i) => (
                <li key={i}>
                  {m.name}
                  {m.institutionName && <span className="muted"> · {m.institutionName}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {(workingGroup || e.documents.length > 0) && (
        <section className="card" aria-labelledby="docs-h">
          <h2 id="docs-h" style={{ marginTop: 0 }}>
            {t("documents")}
          </h2>
          {e.documents.length === 0 ? (
            <p>{t("documents_none")}</p>
          ) : (
            <ul data-testid="documents">
              {e.documents.map((d) => (
                <li key={d.id} style={{ overflowWrap: "anywhere" }}>
                  <a href={`/events/${e.id}/documents/${d.id}`} download>
                    {t("download_doc", { title: d.title, filename: d.filename, kb: Math.max(1, Math.round(d.sizeBytes / 1024)) })}
                  </a>
                  <span className="muted"> · {formatInstant(d.uploadedAt, locale)}</span>
                </li>
              ))}
            </ul>
          )}
          {manage && workingGroup && !e.cancelledAt && <DocumentForm eventId={e.id} />}
        </section>
      )}

      {manage && (
        <section className="card" aria-labelledby="org-h">
          <h2 id="org-h" style={{ marginTop: 0 }}>
            {t("organiser")}
          </h2>
          <p style={{ display: "flex", gap: "1rem", flexWrap: "wrap", alignItems: "center" }}>
            {!e.cancelledAt && (
              <Link className="button secondary" href={`/events/${e.id}/edit`}>
                {t("edit_link")}
              </Link>
            )}
            {!e.cancelledAt && <ActionButton action={cancelEventAction} args={[e.id]} text={t("cancel_event")} confirm={t("cancel_event_confirm")} />}
          </p>
          <h3>{t("attendees")}</h3>
          <p>{t("attendees_count", { registered: e.registered, waiting: e.waiting })}</p>
          <p>
            <a href={`/events/${e.id}/attendees.csv`} download>
              {t("attendees_csv")}
            </a>
          </p>
          {attendees.length === 0 ? (
            <p>{t("attendees_none")}</p>
          ) : (
            <ScrollBox label={t("attendees")}>
              <table data-testid="attendees">
                <thead>
                  <tr>
                    <th scope="col">{t("col_name")}</th>
                    <th scope="col">{t("col_email")}</th>
                    <th scope="col">{t("col_institution")}</th>
                    <th scope="col">{t("col_status")}</th>
                    <th scope="col">{t("col_queued")}</th>
                  </tr>
                </thead>
                <tbody>
                  {attendees.map((a) => (
                    <tr key={a.email}>
                      <td>{a.name}</td>
                      <td>{a.email}</td>
                      <td>{a.institutionName ?? "—"}</td>
                      <td>
                        {t(`statuses.${a.status as "registered"}`)}
                        {a.status === "waiting" && ` (${++waitingPlace})`}
                      </td>
                      <td>{formatInstant(a.queuedAt, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
        </section>
      )}
    </>
  );
}
