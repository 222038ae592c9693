import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listInstitutionOptions, listVendors } from "@/lib/institutions/queries";
import { listOpenInvitations, listUsersWithMemberships } from "@/lib/auth/queries";
import type { Role } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { InviteForm } from "./invite-form";
import { countActiveSessionsByUser } from "@/lib/auth/user-sessions";
import { sessionMaxAgeSeconds } from "@/lib/auth/config";
import { ActionButton } from "@/app/_components/action-button";
import { resetTwoFactorAction, revokeInvitationAction, setUserDisabledAction } from "./actions";
import { listEnrolledUserIds } from "@/lib/auth/two-factor";
import { isTwoFactorRequired } from "@/lib/auth/roles";
import { ScrollBox } from "@/app/_components/scroll-box";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("users");
  return { title: t("title") };
}

export default async function UsersPage() {
  const actor = await requirePagePermission("users.manage");
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const db = getDb();
  const now = new Date();
  const [people, invites, institutionOptions, vendorOptions, enrolled] = await Promise.all([
    listUsersWithMemberships(db),
    listOpenInvitations(db, now),
    listInstitutionOptions(db),
    listVendors(db),
    listEnrolledUserIds(db),
  ]);
  // One grouped query over the (small, pruned) session table.
  const activeSessions = await countActiveSessionsByUser(db, { now, idleMinutes: env().SESSION_IDLE_MINUTES, maxAgeSeconds: sessionMaxAgeSeconds() });
  const fmt = (d: Date | null) => (d ? formatDateTime(d, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }) : t("users.never"));

  return (
    <>
      <h1>{t("users.title")}</h1>
      <p className="lead">{t("users.intro")}</p>
      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">{t("users.invite_title")}</h2>
        <p>{t("users.invite_intro", { hours: String(env().INVITE_TTL_HOURS) })}</p>
        <InviteForm institutions={institutionOptions.map((i) => ({ value: i.id, label: `${i.name} (${i.ura})` }))} vendors={vendorOptions.map((v) => ({ value: v.code, label: v.name }))} />
      </section>
      <section aria-labelledby="pending-h">
        <h2 id="pending-h">{t("users.pending_title")}</h2>
        {invites.length === 0 ? (
          <p>{t("users.no_pending")}</p>
        ) : (
          <ScrollBox label={t("users.pending_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.expires")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("users.revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invites.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>
                      {t(`roles.${i.role}`)}
                      {(i.institutionName ?? i.vendorName) && <div className="muted">{i.institutionName ?? i.vendorName}</div>}
                    </td>
                    <td>{fmt(i.expiresAt)}</td>
                    <td>
                      <ActionButton action={revokeInvitationAction} args={[i.id]} label={`${t("users.revoke")}: ${i.email}`} text={t("users.revoke")} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      <section aria-labelledby="users-h">
        <h2 id="users-h">{t("users.title")}</h2>
        <ScrollBox label={t("users.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.roles")}</th>
                <th scope="col">{t("users.last_login")}</th>
                <th scope="col">{t("sessions.admin_column")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("two_factor.column")}</th>
                <th scope="col">{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    {u.roles.map((r, idx) => (
                      <div key={idx}>
                        {t(`roles.${r.role as Role}`)}
                        {r.scope && <span className="muted"> · {r.scope}</span>}
                      </div>
                    ))}
                  </td>
                  <td>{fmt(u.lastLoginAt)}</td>
                  <td>{activeSessions.get(u.id) ?? 0}</td>
                  <td>{u.disabledAt ? t("users.disabled") : t("users.active")}</td>
                  <td>
                    {enrolled.has(u.id) ? t("two_factor.on") : isTwoFactorRequired(u.roles.map((r) => r.role as Role)) ? t("two_factor.missing") : t("two_factor.off")}
                  </td>
                  <td>
                    {u.id !== actor.userId && (
                      <ActionButton
                        action={setUserDisabledAction}
                        args={[u.id, !u.disabledAt]}
                        text={u.disabledAt ? t("users.enable") : t("users.disable")}
                        label={t(u.disabledAt ? "users.enable_label" : "users.disable_label", { name: u.name })}
                      />
                    )}
                    {u.id !== actor.userId && enrolled.has(u.id) && (
                      <ActionButton
                        action={resetTwoFactorAction}
                        args={[u.id]}
                        text={t("two_factor.reset")}
                        label={t("two_factor.reset_label", { name: u.name })}
                        confirm={t("two_factor.reset_confirm", { name: u.name })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </>
  );
}
