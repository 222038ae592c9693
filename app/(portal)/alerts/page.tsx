import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ActionButton } from "@/app/_components/action-button";
import { ScrollBox } from "@/app/_components/scroll-box";
import { notFound } from "next/navigation";
import { listAlertRules, type AlertRuleView } from "@/lib/alerts/queries";
import type { AlertRuleInput } from "@/lib/validation/alerts";
import { alertReach } from "@/lib/alerts/reach";
import { requirePagePermission } from "@/lib/auth/session";
import { isUuid } from "@/lib/validation/uuid";
import { deleteAlertRuleAction } from "./actions";
import { formOptions } from "./form-options";
import { RuleForm, TestButton } from "./rule-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("alerts");
  return { title: t("title") };
}

/** The rule as the form holds it. */
function formValues(rule: AlertRuleView): AlertRuleInput {
  return {
    name: rule.name,
    scope: rule.scope,
    vendorCode: rule.vendorCode ?? "",
    institutionId: rule.institutionId ?? "",
    events: rule.events as AlertRuleInput["events"],
    degradedMinutes: rule.degradedMinutes,
    userIds: rule.userIds,
    emails: rule.emails.join("\n"),
    webhooks: rule.webhooks.map((w) => ({ id: w.id, url: w.url, format: w.format })),
    enabled: rule.enabled,
  };
}

/** The rules within reach, "Test versturen", and the form: a new rule, or `?edit=<id>` to change one. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const actor = await requirePagePermission("alerts.manage");
  const sp = await searchParams;
  const t = await getTranslations("alerts");
  const reach = alertReach(actor);
  const [rules, options] = await Promise.all([listAlertRules(getDb(), reach), formOptions(reach)]);
  const editId = isUuid(sp.edit) ? sp.edit.toLowerCase() : null;
  const editing = editId ? (rules.find((r) => r.id === editId) ?? null) : null;
  if (sp.edit && !editing) notFound();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p className="muted">{t("defaults")}</p>
      <p>
        <Link href="/alerts/deliveries">{t("deliveries_link")}</Link>
      </p>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">{t("list_title")}</h2>
        {rules.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ScrollBox label={t("list_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("name")}</th>
                  <th scope="col">{t("scope")}</th>
                  <th scope="col">{t("events")}</th>
                  <th scope="col">{t("recipients")}</th>
                  <th scope="col">{t("state")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("edit")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/alerts/deliveries?rule=${r.id}`}>{r.name}</Link>
                    </td>
                    <td>
                      {t(`scopes.${r.scope}`)}
                      {(r.vendorName ?? r.institutionName) && <div className="muted">{r.vendorName ?? r.institutionName}</div>}
                    </td>
                    <td>{r.events.map((e) => t(`event.${e as "down"}`)).join(", ")}</td>
                    <td>{t("recipients_count", { users: r.userIds.length, emails: r.emails.length, webhooks: r.webhooks.length })}</td>
                    <td>{r.enabled ? t("active") : t("inactive")}</td>
                    <td>
                      <Link className="button secondary" href={`/alerts?edit=${r.id}`} aria-label={t("edit_label", { name: r.name })}>
                        {t("edit")}
                      </Link>{" "}
                      <TestButton id={r.id} name={r.name} />{" "}
                      <ActionButton action={deleteAlertRuleAction} args={[r.id]} text={t("delete")} label={t("delete_label", { name: r.name })} confirm={t("delete_label", { name: r.name })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      {editing ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">
            {t("edit_title")}: {editing.name}
          </h2>
          <p>
            <Link href="/alerts">{t("back")}</Link>
          </p>
          <RuleForm key={editing.id} ruleId={editing.id} initial={formValues(editing)} {...options} />
        </section>
      ) : (
        <section className="card" aria-labelledby="new-h">
          <h2 id="new-h">{t("new_title")}</h2>
          <RuleForm key="new" {...options} />
        </section>
      )}
    </>
  );
}
