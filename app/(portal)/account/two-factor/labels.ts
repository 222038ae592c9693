/** The texts the two-step verification components need, picked from the messages on the server. */
import { format, type Messages } from "@/lib/i18n/messages";
import type { EnrolLabels } from "./enrol-panel";

export function enrolLabels(t: Messages, account: string): EnrolLabels {
  const tf = t.two_factor;
  return {
    start: tf.start,
    stepApp: tf.step_app,
    stepScan: tf.step_scan,
    stepConfirm: tf.step_confirm,
    qrLabel: tf.qr_label,
    secretLabel: tf.secret_label,
    secretDetails: format(tf.secret_details, { account }),
    codeLabel: tf.code_label,
    codeHint: tf.code_hint,
    codeFormat: tf.code_format,
    confirm: tf.confirm,
    enabled: tf.enabled,
    saved: tf.recovery_saved,
    recovery: recoveryLabels(t),
  };
}

export function recoveryLabels(t: Messages) {
  return { title: t.two_factor.recovery_title, intro: t.two_factor.recovery_intro, list: t.two_factor.recovery_list };
}
