import Link from "next/link";
import { getDb } from "@/db/client";
import { formatDate, formatEuroCents, toAmsterdamDate } from "@/lib/domain/dates";
import { getTranslations } from "@/lib/i18n/translations";
import { renderExplanation } from "@/lib/domain/financing";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { institutionPageReads } from "@/lib/institutions/page-reads";
import type { Locale } from "@/lib/i18n/messages";
import { ScrollBox } from "@/app/_components/scroll-box";

/**
 * The institution's financing eligibility, computed from its own verified steps. The page
 * shows it only to those with "financing.eligibility" on this institution (its own people and
 * the programme office), never to vendors.
 */
export async function EligibilitySection({ institutionId, locale, showProgrammeLink }: { institutionId: string; locale: Locale; showProgrammeLink: boolean }) {
  const f = await getTranslations("financing");
  const today = toAmsterdamDate(new Date());
  const data = await institutionPageReads.eligibility(getDb(), { institutionId, today });
  if (!data) return null;
  const years = Object.keys(data.years).map(Number);
  const current = data.years[years[0]];
  const eur = (c: number) => formatEuroCents(c, locale);
  const d = (iso: string) => formatDate(iso, locale);

  return (
    <section className="card" aria-labelledby="financing-h" data-testid="eligibility">
      <h2 id="financing-h" style={{ marginTop: 0 }}>
        {f("section_title")}
      </h2>
      {current.ruleSetVersion === null && data.ruleSetVersions.length === 0 ? (
        <p>{f("section_no_rules")}</p>
      ) : (
        <>
          {current.ruleSetVersion !== null && <p className="muted">{f("section_intro", { version: String(current.ruleSetVersion) })}</p>}
          <dl className="kv">
            <dt>{f("status_label")}</dt>
            <dd>
              <span className="tag">{f(`statuses.${current.status}`)}</span>
              {current.eligibleFrom && (current.status === "eligible" ? f("since", { date: d(current.eligibleFrom) }) : current.status === "eligible_from" ? d(current.eligibleFrom) : "")}
            </dd>
            {current.missing.length > 0 && (
              <>
                <dt>{f("missing")}</dt>
                <dd>
                  <ul className="plain">
                    {current.missing.map((m) => (
                      <li key={m.kind === "step" ? m.stepCode : "vendor"}>{m.kind === "vendor" ? f("missing_vendor") : stepTitle(m.stepCode, locale)}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {current.centralFunding.length > 0 && (
              <>
                <dt>{f("central")}</dt>
                <dd>{current.centralFunding.map((c) => `${c.title[locale]}${c.fundedBy ? ` (${c.fundedBy[locale]})` : ""}`).join("; ")}</dd>
              </>
            )}
          </dl>
          <ScrollBox label={f("amounts")}>
            <table>
              <caption>{f("amounts")}</caption>
              <thead>
                <tr>
                  <th scope="col">{f("year_col")}</th>
                  <th scope="col">{f("annual")}</th>
                  <th scope="col">{f("one_off")}</th>
                  <th scope="col">{f("total")}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => {
                  const e = data.years[y];
                  const annual = e.annual.reduce((s, a) => s + a.amountCents, 0);
                  const oneOffs = e.oneOff.filter((o) => o.inYear);
                  return (
                    <tr key={y}>
                      <th scope="row">{y}</th>
                      <td>
                        {eur(annual)}
                        {e.annual.some((a) => a.toBeDetermined) && <span className="muted"> ({f("amount_tbd")})</span>}
                      </td>
                      <td>
                        {oneOffs.length === 0
                          ? eur(0)
                          : oneOffs.map((o) => (
                              <div key={o.ruleCode}>
                                {o.title[locale]}: {o.amountCents === null ? f("amount_tbd") : eur(o.amountCents)}
                              </div>
                            ))}
                      </td>
                      <td>
                        <strong>{eur(e.totalCents)}</strong>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
          <h3>{f("explanation")}</h3>
          <div data-testid="eligibility-explanation">
            {renderExplanation(current.explanation, locale)
              .split("\n")
              .filter((l) => l.trim() !== "")
              .map((line, i) => (
                <p key={i} style={line.startsWith("  ") ? { marginLeft: "1.5rem" } : undefined}>
                  {line.trim()}
                </p>
              ))}
          </div>
          {showProgrammeLink && (
            <p>
              <Link href="/financing">{f("programme_link")}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
