import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getResultById } from "@/lib/checker/queries";
import { getEndpointDetail } from "@/lib/registry/queries";
import { userNamesById } from "@/lib/auth/queries";
import { listEvidenceOfCheckResult } from "@/lib/onboarding/queries";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { probeResultFromRow } from "@/lib/checker/stored";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { VerdictDetails } from "../../verdict-details";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("onboarding.check_evidence");
  return { title: t("field") };
}

/**
 * One stored check result: what the reviewer opens from "Evidence: connection test of …".
 * Visible to whoever may see the endpoint (same scope as the endpoint page).
 */
export default async function CheckResultPage({ params }: { params: Promise<{ id: string; resultId: string }> }) {
  const actor = await requirePagePermission("endpoint.read");
  const { id, resultId } = await params;
  if (!/^\d{1,15}$/.test(resultId)) notFound();
  const db = getDb();
  const ep = await getEndpointDetail(db, { id, scope: institutionScope(actor, "endpoint.read") });
  if (!ep) notFound();
  const found = await getResultById(db, Number(resultId));
  if (!found || found.result.endpointId !== ep.endpoint.id) notFound();
  const [t, ce, tr, locale] = await Promise.all([getTranslations("checker"), getTranslations("onboarding.check_evidence"), getTranslations("registry"), getLocale()]);
  const r = found.result;
  const result = probeResultFromRow(r, found.certificate, ep.endpoint.url);
  const performer = r.actorUserId ? (await userNamesById(db, [r.actorUserId])).get(r.actorUserId) : undefined;
  const files = await listEvidenceOfCheckResult(db, r.id);
  const cert = found.certificate;
  const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));

  return (
    <>
      <p>
        <Link href={`/registry/${ep.endpoint.id}`}>
          ← {ep.institutionName}: {ep.endpoint.transaction.toUpperCase()} ({tr(`environments.${ep.endpoint.environment}`)})
        </Link>
      </p>
      <h1>
        {ce("result_title", {
          endpoint: `${ep.institutionName}: ${ep.endpoint.transaction.toUpperCase()} (${tr(`environments.${ep.endpoint.environment}`)})`,
          time: formatInstant(r.checkedAt, locale),
        })}
      </h1>
      <p className="lead">
        <span className={`tag health-${r.status}`} data-testid="check-status">
          {t(`check.${r.status}`)}
        </span>{" "}
        {formatInstant(r.checkedAt, locale)}
      </p>
      {r.status === "down" && <p className="alert error">{ce("down_warning")}</p>}
      <section className="card" aria-labelledby="what-h">
        <h2 id="what-h">{ce("result_intro")}</h2>
        <dl className="kv">
          <dt>{tr("institution")}</dt>
          <dd>
            {ep.institutionName} (URA {ep.ura})
          </dd>
          <dt>{ce("endpoint")}</dt>
          <dd style={{ wordBreak: "break-all" }}>
            <code>{ep.endpoint.url}</code>
          </dd>
          <dt>{ce("mode")}</dt>
          <dd>{tr(`probe_modes.${result.mode}`)}</dd>
          <dt>{ce("checked_at")}</dt>
          <dd>{formatInstant(r.checkedAt, locale)}</dd>
          <dt>{ce("performed_by")}</dt>
          <dd>
            {t(`by.${r.trigger}`)}
            {performer && ` · ${performer}`}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="findings-h">
        <h2 id="findings-h">{ce("findings")}</h2>
        <VerdictDetails result={result} />
        <dl className="kv">
          <dt>{t("tls")}</dt>
          <dd>
            {dash(r.tlsProtocol)} {r.tlsCipher && <span className="muted">({r.tlsCipher})</span>}
          </dd>
          <dt>{t("certificate")}</dt>
          <dd>
            {cert ? (
              <>
                {cert.subject}
                <br />
                <span className="muted">
                  {t("cert_expires", { date: formatInstant(cert.notAfter, locale), days: String(result.certificate.daysLeft ?? "?") })}
                  {cert.ura && ` · URA ${cert.ura}`}
                </span>
              </>
            ) : (
              "—"
            )}
          </dd>
          {cert && (
            <>
              <dt>{ce("cert_issuer")}</dt>
              <dd>{cert.issuer}</dd>
              <dt>{ce("cert_fingerprint")}</dt>
              <dd style={{ wordBreak: "break-all" }}>
                <code>{cert.fingerprint}</code>
              </dd>
            </>
          )}
          <dt>{ce("http_status")}</dt>
          <dd>{dash(r.httpStatus)}</dd>
          <dt>{ce("soap_action")}</dt>
          <dd style={{ wordBreak: "break-all" }}>{dash(r.soap?.action)}</dd>
          <dt>{ce("soap_status")}</dt>
          <dd style={{ wordBreak: "break-all" }}>{dash(r.soap?.status)}</dd>
          {r.soap?.errors && r.soap.errors.length > 0 && (
            <>
              <dt>{ce("registry_errors")}</dt>
              <dd>{r.soap.errors.map((e) => e.errorCode).join(", ")}</dd>
            </>
          )}
          {r.soap?.fault && (
            <>
              <dt>{ce("soap_fault")}</dt>
              <dd>{[r.soap.fault.code, r.soap.fault.reason].filter(Boolean).join(" — ")}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="used-h">
        <h2 id="used-h">{ce("used_as_evidence")}</h2>
        {files.length === 0 ? (
          <p>{ce("not_used")}</p>
        ) : (
          <ul>
            {files.map((f) => (
              <li key={f.id}>
                <a href={`/api/evidence/${f.id}`}>{ce("download", { name: f.filename })}</a> · {formatInstant(f.uploadedAt, locale)}
                <div className="muted" style={{ wordBreak: "break-all" }}>
                  SHA-256 <code>{f.sha256}</code>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
