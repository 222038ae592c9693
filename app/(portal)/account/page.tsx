import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listMembershipScopeNames } from "@/lib/auth/queries";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePageActor } from "@/lib/auth/session";
import { PasswordChange, SignOutEverywhere } from "./password-change";
import { ActiveSessions } from "./sessions/active-sessions";
import { TwoFactorSection } from "./two-factor/two-factor-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  const actor = await requirePageActor();
  const t = await getTranslations();
  const db = getDb();
  const instIds = actor.memberships.flatMap((m) => (m.institutionId ? [m.institutionId] : []));
  const vendorCodes = actor.memberships.flatMap((m) => (m.vendorCode ? [m.vendorCode] : []));
  const { institutionNames: instNames, vendorNames } = await listMembershipScopeNames(db, { institutionIds: instIds, vendorCodes });
  return (
    <>
      <h1>{t("account.title")}</h1>
      <section className="card" aria-labelledby="me-h">
        <h2 id="me-h" className="visually-hidden">
          {t("account.title")}
        </h2>
        <dl className="kv">
          <dt>{t("account.name")}</dt>
          <dd>{actor.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{actor.email}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>
            <ul>
              {actor.memberships.map((m, i) => (
                <li key={i}>
                  {t(`roles.${m.role}`)}
                  {m.institutionId && ` · ${instNames.find((x) => x.id === m.institutionId)?.name ?? ""}`}
                  {m.vendorCode && ` · ${vendorNames.find((x) => x.code === m.vendorCode)?.name ?? ""}`}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      <p>
        <Link href="/account/notifications">{t("notifications.prefs.title")}</Link> · <Link href="/notifications">{t("notifications.title")}</Link>
      </p>
      <section className="card" aria-labelledby="pw-h">
        <h2 id="pw-h">{t("account.password")}</h2>
        <p>{t("account.password_intro")}</p>
        <PasswordChange />
      </section>
      <TwoFactorSection actor={actor} />
      <ActiveSessions actor={actor}>
        <p>{t("account.sessions_intro")}</p>
        <SignOutEverywhere />
      </ActiveSessions>
    </>
  );
}
