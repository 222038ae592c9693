import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listInstitutions, listVendors } from "@/lib/institutions/queries";
import { hasRole, institutionScope } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { listApiTokens, tokenState } from "@/lib/registry/api-tokens";
import { formatInstant } from "@/lib/registry/format";
import { ActionButton } from "@/app/_components/action-button";
import { revokeTokenAction } from "./actions";
import { TokenForm } from "./token-form";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry.tokens");
  return { title: t("title") };
}

export default async function TokensPage() {
  const actor = await requirePagePermission("token.manage");
  const [t, locale] = await Promise.all([getTranslations("registry"), getLocale()]);
  const db = getDb();
  const admin = hasRole(actor, "programme_admin");
  const ownVendors = actor.memberships.filter((m) => m.role === "vendor_editor" && m.vendorCode).map((m) => m.vendorCode!);
  const [tokens, insts, vendors] = await Promise.all([listApiTokens(db, actor), listInstitutions(db, { scope: institutionScope(actor, "token.manage"), pageSize: 200 }), listVendors(db)]);
  const now = new Date();

  return (
    <>
      <p>
        <Link href="/registry">← {t("back")}</Link>
      </p>
      <h1>{t("tokens.title")}</h1>
      <p className="lead">{t("tokens.intro")}</p>
      <section className="card" aria-labelledby="create-h">
        <h2 id="create-h">{t("tokens.create_title")}</h2>
        <p className="muted">{t("tokens.write_note")}</p>
        <TokenForm
          scopes={admin ? ["programme", "vendor", "institution"] : ["vendor", "institution"]}
          institutions={insts.rows.map((i) => ({ value: i.id, label: `${i.name} (URA ${i.ura})` }))}
          vendors={vendors.filter((v) => admin || ownVendors.includes(v.code)).map((v) => ({ value: v.code, label: v.name }))}
        />
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">{t("tokens.list_title")}</h2>
        {tokens.length === 0 ? (
          <p>{t("tokens.none")}</p>
        ) : (
          <ScrollBox label={t("tokens.list_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("tokens.name")}</th>
                  <th scope="col">{t("tokens.prefix")}</th>
                  <th scope="col">{t("tokens.target")}</th>
                  <th scope="col">{t("tokens.permissions")}</th>
                  <th scope="col">{t("tokens.expires")}</th>
                  <th scope="col">{t("tokens.last_used")}</th>
                  <th scope="col">{t("tokens.state")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("tokens.revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tok) => {
                  const state = tokenState(tok, now);
                  return (
                    <tr key={tok.id}>
                      <td>{tok.name}</td>
                      <td>
                        <code>{tok.tokenPrefix}…</code>
                      </td>
                      <td>
                        {t(`tokens.scopes.${tok.scope}`)}
                        {(tok.institutionName ?? tok.vendorName) && <div className="muted">{tok.institutionName ?? tok.vendorName}</div>}
                      </td>
                      <td>{tok.permissions.map((p) => t(`tokens.permission.${p}`)).join(", ")}</td>
                      <td>{formatInstant(tok.expiresAt, locale)}</td>
                      <td>{tok.lastUsedAt ? formatInstant(tok.lastUsedAt, locale) : t("tokens.never")}</td>
                      <td>{t(`tokens.${state}`)}</td>
                      <td>{state === "active" && <ActionButton action={revokeTokenAction} args={[tok.id]} label={t("tokens.revoke_label", { name: tok.name })} text={t("tokens.revoke")} />}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </>
  );
}
