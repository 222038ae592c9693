import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listCertificates } from "@/lib/checker/queries";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { daysUntil } from "@/lib/checker/classify";
import { getTranslations } from "next-intl/server";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("checker");
  return { title: t("certs_title") };
}

/** The certificate inventory: every server certificate the checker saw, soonest expiry first. */
export default async function CertificatesPage() {
  const actor = await requirePagePermission("endpoint.read");
  const [t, tr, locale] = await Promise.all([getTranslations("checker"), getTranslations("registry"), getLocale()]);
  const now = new Date();
  const rows = await listCertificates(getDb(), institutionScope(actor, "endpoint.read"));
  return (
    <>
      <p>
        <Link href="/registry">← {tr("back")}</Link>
      </p>
      <h1>{t("certs_title")}</h1>
      <p className="lead">{t("certs_intro")}</p>
      {rows.length === 0 ? (
        <p>{t("certs_none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("certs_expiry")}</th>
                <th scope="col">{t("certs_days")}</th>
                <th scope="col">{t("certs_endpoint")}</th>
                <th scope="col">{t("certs_subject")}</th>
                <th scope="col">{t("certs_issuer")}</th>
                <th scope="col">{t("certs_ura")}</th>
                <th scope="col">{t("certs_ura_match")}</th>
                <th scope="col">{t("certs_seen")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => {
                const days = daysUntil(c.notAfter.toISOString(), now) ?? 0;
                const expected = c.expectedUra ?? c.institutionUra;
                const match = c.ura !== null && c.ura === expected;
                return (
                  <tr key={c.id}>
                    <td>{formatInstant(c.notAfter, locale)}</td>
                    <td>
                      <span className={`tag health-${days < 0 ? "down" : days <= 30 ? "degraded" : "up"}`}>{days < 0 ? t("expired") : days}</span>
                    </td>
                    <td>
                      <Link href={`/registry/${c.endpointId}`}>{c.institutionName}</Link>
                      <div className="muted">
                        {c.transaction.toUpperCase()} · {tr(`environments.${c.environment}`)}
                      </div>
                    </td>
                    <td style={{ wordBreak: "break-word" }}>{c.subject}</td>
                    <td style={{ wordBreak: "break-word" }}>{c.issuer}</td>
                    <td>{c.ura ?? "—"}</td>
                    <td>{match ? t("yes") : <strong>{t("no")}</strong>}</td>
                    <td>{formatInstant(c.lastSeenAt, locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
