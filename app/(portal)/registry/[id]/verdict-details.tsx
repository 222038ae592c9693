/**
 * One check's findings in plain language (each reason with its next step) and the time per layer:
 * shared by the endpoint page's latest verdict and the page of one stored check.
 */
import { getTranslations } from "@/lib/i18n/translations";
import { getActor } from "@/lib/auth/session";
import { explainResult, explainSteps, verdictReaderOf } from "@/lib/checker/explain";
import type { ProbeResult } from "@/lib/checker/probe";
import { getLocale } from "@/lib/i18n/server";
import { ScrollBox } from "@/app/_components/scroll-box";

const PHASES = ["dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs"] as const;

export async function VerdictDetails({ result }: { result: ProbeResult }) {
  const [t, locale, actor] = await Promise.all([getTranslations("checker"), getLocale(), getActor()]);
  // The page that shows this has already checked the reader's permission; here only who reads matters.
  const lines = explainResult(result, locale, verdictReaderOf(actor));
  // Query mode is a chain (ITI-38 -> ITI-39 -> RAD-75): one line per step, the first failing one decides.
  const steps = explainSteps(result, locale);
  return (
    <>
      {steps.length > 0 && (
        <>
          <h3>{t("chain.title")}</h3>
          <ol>
            {steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </>
      )}
      {lines.length === 0 ? (
        <p>{t("verdict_ok")}</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <li key={l.code}>
              <strong>{l.label}.</strong> {l.explanation}
              <br />
              <em>{t("next_step")}:</em> {l.nextStep}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("layers_title")}</h3>
      <ScrollBox label={t("layers_title")}>
        <table>
          <thead>
            <tr>
              {PHASES.map((p) => (
                <th scope="col" key={p}>
                  {t(`phases.${p}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {PHASES.map((p) => (
                <td key={p}>{result.phases[p] === null ? t("not_reached") : t("ms", { ms: String(Math.round(result.phases[p]!)) })}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
