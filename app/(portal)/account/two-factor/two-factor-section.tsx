/** The "two-step verification" card of the account page: status, enrolment, recovery codes, switching off. */
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { getTwoFactorStatus } from "@/lib/auth/two-factor";
import { EnrolPanel } from "./enrol-panel";
import { DisableTwoFactor, RegenerateRecoveryCodes } from "./manage";

export async function TwoFactorSection({ actor }: { actor: Actor }) {
  const [status, t] = await Promise.all([getTwoFactorStatus(getDb(), actor.userId), getTranslations("two_factor")]);
  return (
    <section className="card" aria-labelledby="two-factor-h">
      <h2 id="two-factor-h">{t("title")}</h2>
      {status.enrolled ? (
        <>
          <p>
            <strong>{t("status_on")}</strong> {status.required && t("status_required")}
          </p>
          <p>{status.recoveryCodesLeft > 0 ? t("recovery_left", { count: status.recoveryCodesLeft }) : t("recovery_none")}</p>
          <p className="muted">{t("regenerate_intro")}</p>
          <RegenerateRecoveryCodes />
          {!status.required && (
            <>
              <h3>{t("disable")}</h3>
              <DisableTwoFactor />
            </>
          )}
        </>
      ) : (
        <EnrolPanel after="refresh">
          <p>
            <strong>{t("status_off")}</strong>
          </p>
          <p>{t("setup_optional")}</p>
        </EnrolPanel>
      )}
    </section>
  );
}
