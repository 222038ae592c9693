/** The "two-step verification" card of the account page: status, enrolment, recovery codes, switching off. */
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { getTwoFactorStatus } from "@/lib/auth/two-factor";
import { format, type Messages } from "@/lib/i18n/messages";
import { EnrolPanel } from "./enrol-panel";
import { enrolLabels, recoveryLabels } from "./labels";
import { DisableTwoFactor, RegenerateRecoveryCodes } from "./manage";

export async function TwoFactorSection({ actor, t }: { actor: Actor; t: Messages }) {
  const status = await getTwoFactorStatus(getDb(), actor.userId);
  const tf = t.two_factor;
  return (
    <section className="card" aria-labelledby="two-factor-h">
      <h2 id="two-factor-h">{tf.title}</h2>
      {status.enrolled ? (
        <>
          <p>
            <strong>{tf.status_on}</strong> {status.required && tf.status_required}
          </p>
          <p>{status.recoveryCodesLeft > 0 ? format(tf.recovery_left, { count: status.recoveryCodesLeft }) : tf.recovery_none}</p>
          <p className="muted">{tf.regenerate_intro}</p>
          <RegenerateRecoveryCodes labels={{ submit: tf.regenerate, saved: tf.recovery_saved, recovery: recoveryLabels(t) }} />
          {!status.required && (
            <>
              <h3>{tf.disable}</h3>
              <DisableTwoFactor labels={{ intro: tf.disable_intro, codeLabel: tf.code_label, codeFormat: tf.code_format, submit: tf.disable, done: tf.disabled }} />
            </>
          )}
        </>
      ) : (
        <EnrolPanel labels={enrolLabels(t, actor.email)} after="refresh">
          <p>
            <strong>{tf.status_off}</strong>
          </p>
          <p>{tf.setup_optional}</p>
        </EnrolPanel>
      )}
    </section>
  );
}
