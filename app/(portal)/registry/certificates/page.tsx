import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { CERTIFICATE_EXPIRY_WINDOWS, listCertificateIssuers, listCertificates } from "@/lib/checker/queries";
import { certificateFilterQuery, parseCertificateFilter } from "@/lib/checker/certificate-filters";
import { listVendors } from "@/lib/institutions/queries";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { daysUntil } from "@/lib/checker/classify";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { FilterSelect, Pager } from "@/app/_components/list-controls";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("checker");
  return { title: t("certs_title") };
}

/** The certificate inventory: every server certificate the checker saw, filtered, sorted and paged in the database. */
export default async function CertificatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("endpoint.read");
  const [t, tr, locale] = await Promise.all([getTranslations("checker"), getTranslations("registry"), getLocale()]);
  const filter = parseCertificateFilter(await searchParams);
  const scope = institutionScope(actor, "endpoint.read");
  const now = new Date();
  const db = getDb();
  const [result, issuers, vendors] = await Promise.all([listCertificates(db, { scope, now, ...filter, pageSize: 50 }), listCertificateIssuers(db, scope), listVendors(db)]);
  const pageLabel = t("certs_page", { page: String(result.page), pages: String(result.pages) });
  const filtered = Boolean(filter.q || filter.expires || filter.ura || filter.issuer || filter.vendor);
  return (
    <>
      <p>
        <Link href="/registry">← {tr("back")}</Link>
      </p>
      <h1>{t("certs_title")}</h1>
      <p className="lead">{t("certs_intro")}</p>
      <form className="filters card" role="search" method="get" aria-label={t("certs_filters")}>
        <div className="field">
          <label htmlFor="f-q">{t("certs_search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect
          name="expires"
          label={t("certs_expires")}
          value={filter.expires}
          all={t("certs_any")}
          options={CERTIFICATE_EXPIRY_WINDOWS.map((w) => [w, w === "expired" ? t("certs_expires_expired") : t("certs_expires_days", { days: w })] as const)}
        />
        <FilterSelect
          name="ura"
          label={t("certs_ura_filter")}
          value={filter.ura}
          all={t("certs_any")}
          options={[
            ["match", t("certs_ura_match_only")],
            ["mismatch", t("certs_ura_mismatch_only")],
          ]}
        />
        <FilterSelect name="issuer" label={t("certs_issuer")} value={filter.issuer} all={t("certs_any")} options={issuers.map((i) => [i, i] as const)} />
        <FilterSelect name="vendor" label={t("certs_vendor")} value={filter.vendor} all={t("certs_any")} options={vendors.map((v) => [v.code, v.name] as const)} />
        <FilterSelect
          name="sort"
          label={t("certs_sort")}
          value={filter.sort}
          options={[
            ["expiry", t("certs_sort_expiry")],
            ["institution", t("certs_sort_institution")],
            ["issuer", t("certs_sort_issuer")],
            ["seen", t("certs_sort_seen")],
          ]}
        />
        <FilterSelect
          name="dir"
          label={t("certs_dir")}
          value={filter.dir}
          options={[
            ["asc", t("certs_dir_asc")],
            ["desc", t("certs_dir_desc")],
          ]}
        />
        <button className="button" type="submit">
          {t("certs_apply")}
        </button>
        <Link href="/registry/certificates">{t("certs_clear")}</Link>
      </form>
      <p className="actions-row">
        <span aria-live="polite">{t("certs_shown", { shown: String(result.rows.length), total: String(result.total) })}</span>
        {result.total > 0 && (
          <a href={`/registry/certificates/export?${certificateFilterQuery(filter, { page: 1 })}`} download>
            {t("certs_export")}
          </a>
        )}
      </p>
      {result.rows.length === 0 ? (
        <p>{filtered ? t("certs_none_match") : t("certs_none")}</p>
      ) : (
        <ScrollBox label={t("certs_title")}>
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
              {result.rows.map((c) => {
                const days = daysUntil(c.notAfter.toISOString(), now) ?? 0;
                return (
                  <tr key={c.id}>
                    <td>{formatInstant(c.notAfter, locale)}</td>
                    <td>
                      <span className={`tag health-${days < 0 ? "down" : days <= 30 ? "degraded" : "up"}`}>{days < 0 ? t("expired") : days}</span>
                    </td>
                    <td>
                      <Link href={`/registry/${c.endpointId}`}>{c.institutionName}</Link>
                      <div className="muted">
                        {c.transaction.toUpperCase()} · {tr(`environments.${c.environment}`)} · {c.vendorName}
                      </div>
                    </td>
                    <td style={{ wordBreak: "break-word" }}>{c.subject}</td>
                    <td style={{ wordBreak: "break-word" }}>{c.issuer}</td>
                    <td>{c.ura ?? "—"}</td>
                    <td>
                      {c.uraMatches ? (
                        t("yes")
                      ) : (
                        <>
                          <strong>{t("no")}</strong>
                          <div className="muted">{t("certs_expected", { ura: c.expectedUra })}</div>
                        </>
                      )}
                    </td>
                    <td>{formatInstant(c.lastSeenAt, locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <Pager
        page={result.page}
        pages={result.pages}
        href={(p) => `/registry/certificates?${certificateFilterQuery(filter, { page: p })}`}
        labels={{ page: pageLabel, prev: t("certs_prev"), next: t("certs_next") }}
      />
    </>
  );
}
