import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, formatEuroCents, toAmsterdamDate } from "@/lib/domain/dates";
import { stepTitle as stepTitleIn } from "@/lib/domain/onboarding-texts";
import { STEP_CATALOGUE } from "@/lib/domain/steps";
import { VENDOR_CODES, VENDOR_LABELS } from "@/lib/domain/vendors";
import { getRuleSetRow, loadPublishedRuleSets, rowToRuleSet } from "@/lib/financing/rule-sets";
import { computeFinancingOverview, diffOverviews, loadFinancingInputs } from "@/lib/financing/summary";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { isUuid } from "@/lib/validation/uuid";
import { ruleSetToForm } from "@/lib/validation/financing";
import { DraftEditor } from "./draft-editor";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const f = await getTranslations("financing");
  return { title: f("meta_rules") };
}

const MAX_CHANGED_ROWS = 40;

export default async function RuleSetPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("financing.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = getDb();
  const row = await getRuleSetRow(db, id);
  const manage = can(actor, "financing.manage");
  if (!row || (row.status === "draft" && !manage)) notFound();
  const [f, locale] = await Promise.all([getTranslations("financing"), getLocale()]);
  const rs = rowToRuleSet(row);
  const d = (iso: string) => formatDate(iso)[locale];
  const eur = (c: number) => formatEuroCents(c)[locale];
  const stepTitle = (code: string) => stepTitleIn(code, locale);
  const isDraft = row.status === "draft";

  let whatIf: { before: ReturnType<typeof computeFinancingOverview>; after: ReturnType<typeof computeFinancingOverview> } | null = null;
  if (isDraft) {
    const today = toAmsterdamDate(new Date());
    const [published, inputs] = await Promise.all([loadPublishedRuleSets(db), loadFinancingInputs(db)]);
    whatIf = {
      before: computeFinancingOverview({ institutions: inputs, ruleSets: published, today }),
      after: computeFinancingOverview({ institutions: inputs, ruleSets: [...published, rs], today }),
    };
  }
  const changed = whatIf ? diffOverviews(whatIf.before, whatIf.after) : [];

  return (
    <>
      <p>
        <Link href="/financing/rules">← {f("back")}</Link>
      </p>
      <h1>
        {f("version_n", { version: row.version })}: {rs.title[locale]}
      </h1>
      <p className="lead">
        <span className="tag">{isDraft ? f("state_draft") : f("state_published")}</span> {d(rs.effectiveFrom)} – {rs.effectiveUntil ? d(rs.effectiveUntil) : f("open_ended")}
        {rs.reviewDate && ` · ${f("review", { date: d(rs.reviewDate) })}`}
      </p>

      {!isDraft && (
        <>
          <FormNote text={f("published_readonly")} />
          {row.changeNote && (
            <p>
              <strong>{f("change_note")}:</strong> {row.changeNote}
            </p>
          )}
          {rs.packageConditions.length > 0 && (
            <p>
              <strong>{f("form.package_conditions")}:</strong> {rs.packageConditions.map(stepTitle).join(", ")}
            </p>
          )}
          {rs.exclusions.map((x, i) => (
            <p key={i}>{x[locale]}</p>
          ))}
          <ScrollBox label={f("form.rules")}>
            <table>
              <caption>{f("form.rules")}</caption>
              <thead>
                <tr>
                  <th scope="col">{f("form.rule_title_nl")}</th>
                  <th scope="col">{f("form.kind")}</th>
                  <th scope="col">{f("form.vendors")}</th>
                  <th scope="col">{f("form.conditions")}</th>
                </tr>
              </thead>
              <tbody>
                {rs.rules.map((r) => (
                  <tr key={r.code}>
                    <td>
                      <strong>{r.title[locale]}</strong>
                      <div className="muted">{r.description[locale]}</div>
                    </td>
                    <td>
                      {f(`form.kinds.${r.kind}`)}
                      {r.kind === "annual" && r.proRata === "monthly" && <div className="muted">{f("form.pro_rata")}</div>}
                      {r.fundedBy && <div className="muted">{r.fundedBy[locale]}</div>}
                    </td>
                    <td>
                      <ul className="plain">
                        {VENDOR_CODES.filter((v) => Object.prototype.hasOwnProperty.call(r.amounts, v)).map((v) => {
                          const a = r.amounts[v];
                          return (
                            <li key={v}>
                              {VENDOR_LABELS[v].name}
                              {r.kind !== "central_funding" && `: ${typeof a === "number" ? eur(a) : f("amount_tbd")}`}
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                    <td>{r.conditions.length ? r.conditions.map(stepTitle).join(", ") : f("none")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}

      {isDraft && (
        <>
          <DraftEditor
            id={row.id}
            revision={row.revision}
            version={row.version}
            effectiveFrom={rs.effectiveFrom}
            defaults={ruleSetToForm(rs)}
            stepCodes={[...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => s.code)}
            preview={
          whatIf && (
            <section className="card" aria-labelledby="whatif-h" data-testid="whatif">
              <h2 id="whatif-h" style={{ marginTop: 0 }}>
                {f("whatif_title")}
              </h2>
              <p>{f("whatif_intro", { version: row.version, from: d(rs.effectiveFrom) })}</p>
              <ScrollBox label={f("whatif_title")}>
                <table>
                  <caption className="visually-hidden">{f("whatif_title")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{f("year_col")}</th>
                      <th scope="col">
                        {f("committed")} · {f("whatif_published")}
                      </th>
                      <th scope="col">
                        {f("committed")} · {f("whatif_with_draft")}
                      </th>
                      <th scope="col">
                        {f("forecast")} · {f("whatif_published")}
                      </th>
                      <th scope="col">
                        {f("forecast")} · {f("whatif_with_draft")}
                      </th>
                      <th scope="col">{f("eligible_count")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {whatIf.before.years.map((y) => {
                      const b = whatIf!.before.totals[y];
                      const a = whatIf!.after.totals[y];
                      return (
                        <tr key={y} data-year={y}>
                          <th scope="row">{y}</th>
                          <td>{eur(b.committed.totalCents)}</td>
                          <td data-testid={`whatif-committed-${y}`}>{eur(a.committed.totalCents)}</td>
                          <td>{eur(b.forecast.totalCents)}</td>
                          <td data-testid={`whatif-forecast-${y}`}>{eur(a.forecast.totalCents)}</td>
                          <td>
                            {b.committed.byStatus.eligible} → {a.committed.byStatus.eligible}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollBox>
              <h3>{f("whatif_changed")}</h3>
              {changed.length === 0 ? (
                <p>{f("whatif_none_changed")}</p>
              ) : (
                <>
                  <ScrollBox label={f("whatif_changed")}>
                    <table>
                      <caption className="visually-hidden">{f("whatif_changed")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{f("institution")}</th>
                          {whatIf.before.years.map((y) => (
                            <th key={y} scope="col">
                              {f("committed")} {y}
                            </th>
                          ))}
                          {whatIf.before.years.map((y) => (
                            <th key={`f${y}`} scope="col">
                              {f("forecast")} {y}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {changed.slice(0, MAX_CHANGED_ROWS).map((c) => (
                          <tr key={c.id}>
                            <td>
                              <Link href={`/institutions/${c.id}`}>{c.name}</Link>
                            </td>
                            {c.years.map((y) => (
                              <td key={y.year}>
                                {eur(y.committedBefore)} → {eur(y.committedAfter)}
                              </td>
                            ))}
                            {c.years.map((y) => (
                              <td key={`f${y.year}`}>
                                {eur(y.forecastBefore)} → {eur(y.forecastAfter)}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollBox>
                  {changed.length > MAX_CHANGED_ROWS && <p>{f("whatif_more", { count: changed.length - MAX_CHANGED_ROWS })}</p>}
                </>
              )}
            </section>
          )
            }
          />
        </>
      )}
    </>
  );
}

function FormNote({ text }: { text: string }) {
  return (
    <div className="alert info" role="status">
      {text}
    </div>
  );
}
