import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { SYSTEM_ACTOR_LABEL, listAuditEvents, listAuditFacets, type AuditRow } from "@/lib/audit";
import { PersonName } from "@/app/_components/person-name";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { ScrollBox } from "@/app/_components/scroll-box";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 200) : "");

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("audit.read");
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const sp = await searchParams;
  const filter = {
    action: str(sp.action),
    entityType: str(sp.entity),
    actor: str(sp.actor),
    person: str(sp.person),
    institution: str(sp.institution),
    from: str(sp.from),
    until: str(sp.until),
    page: Number(str(sp.page)) || 1,
  };
  const db = getDb();
  const [result, facets] = await Promise.all([listAuditEvents(db, filter), listAuditFacets(db)]);
  const qs = (page: number) =>
    `/admin/audit?${new URLSearchParams(Object.entries({ action: filter.action, entity: filter.entityType, actor: filter.actor, person: filter.person, institution: filter.institution, from: filter.from, until: filter.until, page: String(page) }).filter(([, v]) => v))}`;
  // Codes in words; a code from before its message existed shows as it was recorded.
  const actionText = (a: string) => (t.has(`audit.actions.${a}`) ? t(`audit.actions.${a}` as never) : a);
  const entityText = (e: string) => (t.has(`audit.entities.${e}`) ? t(`audit.entities.${e}` as never) : e);
  const actorFallback = (label: string) => (label === SYSTEM_ACTOR_LABEL ? t("audit.system") : label);
  // What the event is about: a person or an institution by name; other objects by their identifier, in the details.
  const subject = (e: AuditRow) =>
    e.entityType === "user" && e.subjectName ? <PersonName name={e.subjectName} email={e.subjectEmail} fallback="" /> : e.entityType === "institution" && e.institutionName ? e.institutionName : null;
  const fmt = (d: Date) => formatDateTime(d, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Amsterdam" });

  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      <form className="filters card" method="get" aria-label={t("audit.filter")}>
        <div className="field">
          <label htmlFor="f-action">{t("audit.action")}</label>
          <select id="f-action" name="action" defaultValue={filter.action}>
            <option value="">{t("audit.any")}</option>
            {facets.actions
              .map((a) => ({ a, text: actionText(a) }))
              .sort((x, y) => x.text.localeCompare(y.text, locale))
              .map(({ a, text }) => (
                <option key={a} value={a}>
                  {text}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-entity">{t("audit.entity")}</label>
          <select id="f-entity" name="entity" defaultValue={filter.entityType}>
            <option value="">{t("audit.any")}</option>
            {facets.entities.map((a) => (
              <option key={a} value={a}>
                {entityText(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-person">{t("audit.person")}</label>
          <select id="f-person" name="person" defaultValue={filter.person}>
            <option value="">{t("audit.any")}</option>
            {facets.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
            {facets.hasSystem && <option value={SYSTEM_ACTOR_LABEL}>{t("audit.system")}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-institution">{t("audit.institution")}</label>
          <select id="f-institution" name="institution" defaultValue={filter.institution}>
            <option value="">{t("audit.any")}</option>
            {facets.institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-actor">{t("audit.search")}</label>
          <input id="f-actor" name="actor" type="search" defaultValue={filter.actor} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{t("audit.from")}</label>
          <input id="f-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="f-until">{t("audit.until")}</label>
          <input id="f-until" name="until" type="date" defaultValue={filter.until} />
        </div>
        <button className="button" type="submit">
          {t("audit.apply")}
        </button>
        <Link href="/admin/audit">{t("audit.reset")}</Link>
      </form>
      <p aria-live="polite">{t("audit.shown", { count: String(result.total) })}</p>
      {result.rows.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <ScrollBox label={t("audit.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((e) => (
                <tr key={e.id}>
                  <td>{fmt(e.at)}</td>
                  <td>
                    <PersonName name={e.actorName} email={e.actorEmail} fallback={actorFallback(e.actorLabel)} />
                  </td>
                  <td>{actionText(e.action)}</td>
                  <td>
                    {entityText(e.entityType)}
                    {subject(e) && <div>{subject(e)}</div>}
                    {e.entityType !== "institution" && e.entityType !== "user" && e.institutionName && <div className="muted">{e.institutionName}</div>}
                  </td>
                  <td>
                    {(e.before != null || e.after != null || (e.entityId && !subject(e))) && (
                      <details>
                        <summary>{t("audit.details")}</summary>
                        {e.entityId && !subject(e) && (
                          <p className="flush">
                            {t("audit.entity_id")}: <code>{e.entityId}</code>
                          </p>
                        )}
                        {e.before != null && (
                          <>
                            <strong>{t("audit.before")}</strong>
                            <pre className="json">{JSON.stringify(e.before, null, 2)}</pre>
                          </>
                        )}
                        {e.after != null && (
                          <>
                            <strong>{t("audit.after")}</strong>
                            <pre className="json">{JSON.stringify(e.after, null, 2)}</pre>
                          </>
                        )}
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {result.pages > 1 && (
        <nav className="pager" aria-label={t("institutions.page", { page: String(result.page), pages: String(result.pages) })}>
          {result.page > 1 && <Link href={qs(result.page - 1)}>{t("institutions.prev")}</Link>}
          <span>{t("institutions.page", { page: String(result.page), pages: String(result.pages) })}</span>
          {result.page < result.pages && <Link href={qs(result.page + 1)}>{t("institutions.next")}</Link>}
        </nav>
      )}
    </>
  );
}
