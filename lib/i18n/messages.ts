/**
 * UI text lives in messages/nl.json and messages/en.json (ICU MessageFormat, read by next-intl).
 * Dutch is the default; both catalogues have the same keys and placeholders
 * (tests/unit/foundation/i18n.test.ts). Pages and actions read texts with `getTranslations`,
 * client components with `useTranslations` (their namespaces in CLIENT_NAMESPACES), code outside
 * React (mails, PDFs, scripts) with `translator(locale)`.
 *
 * `translate(locale, key, values)` and `errorText(locale, error)` turn message keys that travel as
 * data (an AppError's message, a zod issue) into text where errors become answers: lib/actions.ts
 * and lib/api. `messages` is the raw catalogue for next-intl's request config and the tests.
 */
import { createTranslator } from "next-intl";
import { isMessageKey, type AppError } from "@/lib/errors";
import nl from "@/messages/nl.json";
import en from "@/messages/en.json";

export type Messages = typeof nl;

export const messages = { nl, en: en as Messages } as const;
export type Locale = keyof typeof messages;
export const LOCALES: Locale[] = ["nl", "en"];
export const DEFAULT_LOCALE: Locale = "nl";

export function isLocale(v: unknown): v is Locale {
  return v === "nl" || v === "en";
}

const translators = new Map<Locale, ReturnType<typeof makeTranslator>>();
const makeTranslator = (locale: Locale) => createTranslator({ locale, messages: messages[locale], timeZone: "Europe/Amsterdam" });

/** A next-intl translator outside React: mails in the recipient's language, PDFs, scripts, tests. */
export function translator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = makeTranslator(locale)));
  return t;
}

/** A namespace, or one section of it ("registry.tokens"): what CLIENT_NAMESPACES may list. */
type ClientNamespace = { [K in keyof Messages]: K | `${K}.${keyof Messages[K] & string}` }[keyof Messages];

/**
 * The namespaces client components read with useTranslations: only these travel to the browser
 * (NextIntlClientProvider in app/layout.tsx). Add a namespace here when a client component needs it;
 * list one section ("checker.check") when the component needs only that part of a large namespace.
 */
export const CLIENT_NAMESPACES = [
  // The alert-rule form and its row buttons (app/(portal)/alerts).
  "alerts",
  // The status forms (app/(portal)/status/manage/forms.tsx, app/(public)/status/subscribe, …/subscriptions).
  "status_manage",
  "status_subscribe",
  "status_page.incident_states",
  // The go-live confirmation and override forms (app/(portal)/institutions/[id]/golive-forms.tsx).
  "golive",
  "sessions",
  "common",
  "checks",
  "v",
  "institutionsAdmin",
  // The notification preferences and announcement forms (issue 18 §1, §2).
  "notifications.kinds",
  "notifications.prefs",
  "notifications.v",
  "announcements",
  // The event forms and buttons (app/(portal)/events, issue 18 §3).
  "events",
  // The step report, decision and bulk-verify forms (app/(portal)/institutions, app/(portal)/review).
  "onboarding.check_evidence", "onboarding.completed_on", "onboarding.completed_on_hint",
  "onboarding.current_file", "onboarding.file", "onboarding.keep_file", "onboarding.link",
  "onboarding.link_hint", "onboarding.mandatory", "onboarding.note", "onboarding.optional",
  "onboarding.save_draft", "onboarding.saved_draft", "onboarding.submit", "onboarding.submitted",
  "onboarding.reject", "onboarding.reject_reason", "onboarding.verify", "onboarding.actions",
  "onboarding.age", "onboarding.bulk_done", "onboarding.bulk_hint", "onboarding.bulk_verify",
  "onboarding.date", "onboarding.evidence", "onboarding.institution", "onboarding.reported_on",
  "onboarding.review", "onboarding.select", "onboarding.step",
  // The institution form (app/(admin)/admin/institutions); its other labels are in institutionsAdmin.
  "institutions.name", "institutions.kind", "institutions.ura", "institutions.agb", "institutions.kvk",
  "institutions.city", "institutions.province", "institutions.vendor", "institutions.contact_roles",
  "kinds",
  // The endpoint and token forms (app/(portal)/registry).
  "registry.institution",
  "registry.environment",
  "registry.environments",
  "registry.transaction",
  "registry.transactions",
  "registry.status",
  "registry.statuses",
  "registry.url",
  "registry.hcid",
  "registry.vendor",
  "registry.probe_mode",
  "registry.probe_modes",
  "registry.period_start",
  "registry.period_end",
  "registry.maintenance",
  "registry.days",
  "registry.form",
  "registry.v",
  "registry.tokens",
  // "Check now" and the latency chart on the endpoint page.
  "checker.check_now",
  "checker.checking",
  "checker.checking_steps",
  "checker.check_done",
  "checker.check",
  "checker.phases",
  "checker.verdict_ok",
  "checker.next_step",
  "checker.chain",
  "checker.latency_caption",
  "checker.latency_avg",
  "checker.latency_max",
  "onboarding.check_evidence",
  // Sign-in, password and invitation forms; two-step verification; the account page.
  "login",
  "two_factor.login_intro",
  "two_factor.login_recovery_intro",
  "two_factor.code_label",
  "two_factor.code_hint",
  "two_factor.recovery_label",
  "two_factor.recovery_hint",
  "two_factor.use_recovery",
  "two_factor.use_code",
  "two_factor.submit_code",
  "two_factor.start_over",
  "two_factor.code_format",
  "two_factor.recovery_format",
  "two_factor.start",
  "two_factor.step_app",
  "two_factor.step_scan",
  "two_factor.step_confirm",
  "two_factor.qr_label",
  "two_factor.secret_label",
  "two_factor.secret_details",
  "two_factor.confirm",
  "two_factor.enabled",
  "two_factor.recovery_title",
  "two_factor.recovery_intro",
  "two_factor.recovery_list",
  "two_factor.recovery_saved",
  "two_factor.regenerate",
  "two_factor.disable_intro",
  "two_factor.disable",
  "two_factor.disabled",
  "forgot",
  "reset.submit",
  "password",
  "invite.name",
  "invite.submit",
  "invite.submit_existing",
  "account.password_submit",
  "account.password_sent",
  "account.sign_out_everywhere",
  // The invitation form (admin/users).
  "users.email",
  "users.role",
  "users.institution",
  "users.vendor",
  "users.choose",
  "users.submit",
  "roles",
  // The toolkit's acknowledgement and intake forms (app/(portal)/toolkit) and version forms (admin/templates).
  "toolkit.ack_as",
  "toolkit.ack_button",
  "toolkit.capacity_ciso",
  "toolkit.capacity_fg",
  "toolkit.intake_file",
  "toolkit.intake_file_hint",
  "toolkit.intake_preview",
  "toolkit.intake_apply",
  "toolkit.intake_no_file",
  "toolkit.intake_changes_title",
  "toolkit.intake_no_changes",
  "toolkit.intake_field",
  "toolkit.intake_from",
  "toolkit.intake_to",
  "toolkit.intake_errors",
  "toolkit.intake_note",
  "toolkit.intake_form_version",
  "toolkit.version_label",
  "toolkit.version_hint",
  "toolkit.change_note",
  "toolkit.change_note_hint",
  "toolkit.template_file",
  "toolkit.template_file_hint",
  "toolkit.create",
  "toolkit.publish",
  "toolkit.publish_note",
  // The milestone editor (admin/milestones): its labels and its validation messages.
  "dashboard.ms_date",
  "dashboard.ms_target",
  "dashboard.ms_achieved",
  "dashboard.ms_achieved_hint",
  "dashboard.ms_title_nl",
  "dashboard.ms_title_en",
  "dashboard.ms_save",
  "dashboard.v_date",
  "dashboard.v_target",
  "dashboard.v_target_manual",
  "dashboard.v_title",
  "dashboard.v_achieved_manual",
  "dashboard.v_achieved_future",
  // Adding and removing milestones (issue 17 §3).
  "dashboard.ms_metric",
  "dashboard.ms_precondition",
  "dashboard.ms_choose",
  "dashboard.ms_vendors",
  "dashboard.ms_vendors_hint",
  "dashboard.ms_vendors_hint_required",
  "dashboard.ms_description_nl",
  "dashboard.ms_description_en",
  "dashboard.ms_add",
  "dashboard.ms_kind_institutions_live",
  "dashboard.ms_kind_institutions_precondition_met",
  "dashboard.ms_kind_infrastructures_live",
  "dashboard.ms_kind_manual",
  "dashboard.ms_remove",
  "dashboard.ms_remove_explain",
  "dashboard.ms_remove_confirm",
  "dashboard.v_description",
  "dashboard.v_metric",
  "dashboard.v_precondition",
  "dashboard.v_vendors",
  "dashboard.v_vendors_manual",
  "dashboard.v_vendors_required",
  "milestones.errors",
  // The financing rule set editor and its draft buttons (app/(portal)/financing/rules).
  "financing.form",
  "financing.v",
  "financing.effective_from",
  "financing.effective_until",
  "financing.effective_until_hint",
  "financing.review_date",
  "financing.change_note",
  "financing.change_note_hint",
  "financing.edit_draft",
  "financing.new_draft",
  "steps.title",
  // Planned dates (issue 17 §3), the escalation register and the decision log (§4), the milestone editor.
  "planning",
  "escalations",
  // Questions to the programme office and the knowledge base (issue 18 §4).
  "questions",
  "kb",
] as const satisfies readonly ClientNamespace[];

export function clientMessages(locale: Locale): Partial<Messages> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const path of CLIENT_NAMESPACES as readonly string[]) {
    const [ns, section] = path.split(".");
    const all = messages[locale] as unknown as Record<string, Record<string, unknown>>;
    if (section === undefined) out[ns] = { ...out[ns], ...all[ns] };
    else out[ns] = { ...out[ns], [section]: all[ns][section] };
  }
  return out as Partial<Messages>;
}

const clientJson = new Map<Locale, string>();

/** clientMessages(locale) as JSON, built once per locale (the catalogues do not change while the server runs). */
export function clientMessagesJson(locale: Locale): string {
  let json = clientJson.get(locale);
  if (json === undefined) clientJson.set(locale, (json = JSON.stringify(clientMessages(locale))));
  return json;
}

/**
 * Resolves a dotted key such as "v.email_invalid" with ICU values (plurals included); unknown
 * keys fall back to a generic message.
 */
export function translate(locale: Locale, key: string, values?: Record<string, string | number>): string {
  let node: unknown = messages[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node === "string") return (translator(locale) as unknown as (k: string, v?: Record<string, string | number>) => string)(key, values);
  return key.includes(".") ? messages[locale].errors.validation : key;
}

/**
 * The user-facing text of an AppError: its own `text(locale)` when it has one (an error whose
 * message is made of several messages, e.g. lib/toolkit's IntakeError), its catalogue key with
 * its params, or the text of its code.
 */
export function errorText(locale: Locale, e: AppError): string {
  const own = (e as AppError & { text?: unknown }).text;
  if (typeof own === "function") return String(own.call(e, locale));
  if (e.message === e.code) return translate(locale, `errors.${e.code}`);
  return isMessageKey(e.message) ? translate(locale, e.message, e.params) : e.message;
}
