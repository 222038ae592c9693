import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ActionButton } from "@/app/_components/action-button";
import { ScrollBox } from "@/app/_components/scroll-box";
import { listAlertRules, listDeliveries } from "@/lib/alerts/queries";
import { alertReach } from "@/lib/alerts/reach";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { isUuid } from "@/lib/validation/uuid";
import { retryDeliveryAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("alerts.log");
  return { title: t("title") };
}

/** The delivery log (issue 16 §3): per rule and per endpoint; failed deliveries can be sent again. */
export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<{ rule?: string; endpoint?: string }> }) {
  const actor = await requirePagePermission("alerts.manage");
  const sp = await searchParams;
  const [t, locale] = await Promise.all([getTranslations("alerts"), getLocale()]);
  const reach = alertReach(actor);
  const ruleId = isUuid(sp.rule) ? sp.rule : undefined;
  const endpointId = isUuid(sp.endpoint) ? sp.endpoint : undefined;
  const db = getDb();
  const [rules, rows] = await Promise.all([listAlertRules(db, reach), listDeliveries(db, reach, { ruleId, endpointId })]);
  const endpoints = [...new Map(rows.filter((r) => r.endpointId).map((r) => [r.endpointId!, r.endpointLabel ?? r.endpointId!])).entries()];
  return (
    <>
      <p>
        <Link href="/alerts">← {t("back")}</Link>
      </p>
      <h1>{t("log.title")}</h1>
      <p className="lead">{t("log.intro")}</p>
      <form method="get" className="filters" aria-label={t("log.filter")}>
        <div className="field">
          <label htmlFor="log-rule">{t("log.rule")}</label>
          <select id="log-rule" name="rule" defaultValue={ruleId ?? ""}>
            <option value="">{t("log.all")}</option>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-endpoint">{t("log.endpoint")}</label>
          <select id="log-endpoint" name="endpoint" defaultValue={endpointId ?? ""}>
            <option value="">{t("log.all")}</option>
            {endpointId && !endpoints.some(([id]) => id === endpointId) && <option value={endpointId}>{endpointId}</option>}
            {endpoints.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button className="button secondary" type="submit">
          {t("log.filter")}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t("log.none")}</p>
      ) : (
        <ScrollBox label={t("log.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("log.time")}</th>
                <th scope="col">{t("log.rule")}</th>
                <th scope="col">{t("log.event")}</th>
                <th scope="col">{t("log.endpoint")}</th>
                <th scope="col">{t("log.recipient")}</th>
                <th scope="col">{t("log.channel")}</th>
                <th scope="col">{t("log.result")}</th>
                <th scope="col">{t("log.attempts")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("log.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td>{formatInstant(d.createdAt, locale)}</td>
                  <td>{d.ruleName ?? t("log.builtin")}</td>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>{d.endpointId ? <Link href={`/alerts/deliveries?endpoint=${d.endpointId}`}>{d.endpointLabel}</Link> : "—"}</td>
                  <td style={{ overflowWrap: "anywhere" }}>{d.target}</td>
                  <td>{t(`log.channels.${d.channel}`)}</td>
                  <td>
                    {t(`log.status.${d.status}`)}
                    {d.sentAt && <div className="muted">{formatInstant(d.sentAt, locale)}</div>}
                    {d.lastError && d.status !== "sent" && <div className="muted">{t("log.error", { error: d.lastError })}</div>}
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.status === "failed" && <ActionButton action={retryDeliveryAction} args={[d.id]} text={t("log.retry")} label={t("log.retry_label", { id: d.id })} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
