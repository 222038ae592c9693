import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ActionButton } from "@/app/_components/action-button";
import { ScrollBox } from "@/app/_components/scroll-box";
import { can, type Actor } from "@/lib/auth/policy";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { listPartnerOptions } from "@/lib/golive/queries";
import { institutionPageReads } from "@/lib/institutions/page-reads";
import { goLiveSettings } from "@/lib/golive/settings";
import type { Locale } from "@/lib/i18n/messages";
import { ConfirmExchangeForm, OverrideForm } from "./golive-forms";
import { withdrawOverrideAction } from "./golive-actions";
import { GoLiveStatusTag } from "@/app/_components/golive-status";

/**
 * The go-live conditions of one institution with their evidence and since when they hold (issue
 * 17 §1), the retest reasons after go-live, the override, the confirmations, and the forms to
 * confirm an exchange and (programme admin) to override.
 */
export async function GoLiveSection({ institution, actor, locale }: { institution: { id: string; vendorCode: string | null; name: string }; actor: Actor; locale: Locale }) {
  const db = getDb();
  const now = new Date();
  const settings = goLiveSettings();
  const [t, gate, confirmations] = await Promise.all([getTranslations("golive"), institutionPageReads.goLive(db, { institutionId: institution.id, at: now, settings }), institutionPageReads.confirmations(db, institution.id)]);
  if (!gate) return null;
  const e = gate.evaluation;
  const d = (iso: string | null) => (iso ? formatDate(iso.slice(0, 10), locale) : "—");
  const dAt = (iso: string) => formatDate(toAmsterdamDate(iso), locale);
  const unmet = e.conditions.filter((c) => !c.met).length;

  // Who may confirm, and as whom (the service checks it again).
  const isAdmin = actor.memberships.some((m) => m.role === "programme_admin");
  const ref = { id: institution.id, vendorCode: institution.vendorCode };
  const kinds: ("partner_institution" | "vendor")[] = [];
  let partners: { id: string; name: string }[] = [];
  if (institution.vendorCode && can(actor, "golive.confirm")) {
    const ownEditorIds = actor.memberships.flatMap((m) => (m.role === "institution_editor" && m.institutionId ? [m.institutionId] : []));
    partners = await listPartnerOptions(db, { vendorCode: institution.vendorCode, onlyIds: isAdmin ? null : ownEditorIds });
    if (partners.length > 0) kinds.push("partner_institution");
    if (isAdmin || actor.memberships.some((m) => m.role === "vendor_editor" && m.vendorCode === institution.vendorCode)) kinds.push("vendor");
  }
  const mayOverride = can(actor, "golive.override", ref);

  return (
    <section className="card" aria-labelledby="golive-h" data-testid="golive">
      <h2 id="golive-h" style={{ marginTop: 0 }}>
        {t("title")} <GoLiveStatusTag status={e.status} label={t(`status.${e.status}`)} />
      </h2>
      <p className="muted">{t("intro")}</p>
      <p data-testid="golive-gate">
        <strong>{e.gate === "open" ? t("gate.open") : t("gate.closed", { count: unmet })}</strong>
      </p>
      {e.override && (
        <div className="alert info" data-testid="golive-override">
          <p style={{ margin: 0 }}>
            <span className="tag">{t("override_badge")}</span> {t("override_shown", { by: e.override.by, date: dAt(e.override.at), reason: e.override.reason })}
          </p>
          {mayOverride && <ActionButton action={withdrawOverrideAction} args={[institution.id]} text={t("override_withdraw")} successText={t("override_withdrawn")} />}
        </div>
      )}
      {e.retestReasons.length > 0 && (
        <div className="alert error" role="status" data-testid="golive-retest">
          <p style={{ margin: 0 }}>
            <strong>{t("retest_title")}</strong> {t("retest_intro")}
          </p>
          <ul>
            {e.retestReasons.map((r, i) => (
              <li key={`${r.kind}-${r.transaction}-${i}`}>{t("retest_at", { reason: t(`trigger.${r.kind}`, { transaction: r.transaction.toUpperCase() }), date: dAt(r.at) })}</li>
            ))}
          </ul>
        </div>
      )}
      <ScrollBox label={t("title")}>
        <table data-testid="golive-conditions">
          <thead>
            <tr>
              <th scope="col">{t("col.condition")}</th>
              <th scope="col">{t("col.met")}</th>
              <th scope="col">{t("col.since")}</th>
              <th scope="col">{t("col.evidence")}</th>
            </tr>
          </thead>
          <tbody>
            {e.conditions.map((c) => (
              <tr key={c.code} data-condition={c.code} data-met={c.met}>
                <th scope="row">{t(`conditions.${c.code}`)}</th>
                <td>{c.met ? `✓ ${t("yes")}` : `✗ ${t("no")}`}</td>
                <td>{c.met ? d(c.since) : "—"}</td>
                <td>{t(`detail.${c.detail.code}`, c.detail.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <p className="muted">{t("settings_note", { days: settings.greenDays, hours: settings.retestDownHours })}</p>

      <h3>{t("confirmations")}</h3>
      {confirmations.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="plain" data-testid="golive-confirmations">
          {confirmations.map((c) => (
            <li key={c.id}>
              {t("confirmation_row", { date: d(c.exchangedOn), by: (c.confirmerKind === "vendor" ? c.vendorName : c.partnerName) ?? "—", actor: c.actorLabel })}
              {c.note && <span className="muted"> · {c.note}</span>}
            </li>
          ))}
        </ul>
      )}
      {kinds.length > 0 && (
        <details>
          <summary>{t("confirm_title")}</summary>
          <p className="muted">{t("confirm_intro")}</p>
          <ConfirmExchangeForm institutionId={institution.id} kinds={kinds} partners={partners} today={toAmsterdamDate(now)} />
        </details>
      )}
      {mayOverride && !e.override && e.gate === "closed" && (
        <details>
          <summary>{t("override_title")}</summary>
          <p className="muted">{t("override_intro")}</p>
          <OverrideForm institutionId={institution.id} />
        </details>
      )}
    </section>
  );
}
