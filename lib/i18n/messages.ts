/**
 * UI text lives in messages/nl.json and messages/en.json (ICU MessageFormat, read by next-intl).
 * Dutch is the default; both catalogues have the same keys and placeholders
 * (tests/unit/foundation/i18n.test.ts). Pages and actions read texts with `getTranslations`,
 * client components with `useTranslations` (their namespaces in CLIENT_MESSAGE_GROUPS), code outside
 * React (mails, PDFs, scripts) with `translator(locale)`.
 *
 * `translate(locale, key, values)` and `errorText(locale, error)` turn message keys that travel as
 * data (an AppError's message, a zod issue) into text where errors become answers: lib/actions.ts
 * and lib/api. `messages` is the raw catalogue for next-intl's request config and the tests.
 */
import { createTranslator } from "next-intl";
import { withCompiledMessages } from "./compiled-messages";
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
// Calls with arguments from compiled messages, as on the server (lib/i18n/compiled-messages.ts).
const makeTranslator = (locale: Locale) => withCompiledMessages(createTranslator({ locale, messages: messages[locale], timeZone: "Europe/Amsterdam" }), locale);

/** A next-intl translator outside React: mails in the recipient's language, PDFs, scripts, tests. */
export function translator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = makeTranslator(locale)));
  return t;
}

/** A namespace, or one section of it ("registry.tokens"): what a client message group may list. */
type ClientNamespace = { [K in keyof Messages]: K | `${K}.${keyof Messages[K] & string}` }[keyof Messages];

/**
 * The messages client components read with useTranslations, in groups: only these travel to the
 * browser, and each page carries only the groups its client components need. `base` goes with
 * every page (app/layout.tsx); a route's layout adds the groups of the forms under it with
 * <ClientMessages groups={[…]}> (app/_components/client-messages.tsx), or a page around its own
 * content when the pages below it do not need them. Every page used to carry
 * all of them, ~72 KB of JSON in each page's payload (issue 21 §3).
 *
 * Add a namespace to a group when a client component needs it, and the group to the layout above
 * the pages that render the component; list one section ("checker.check") when the component
 * needs only that part of a large namespace. tests/unit/foundation/client-messages.test.ts
 * follows every page's imports to its client components and fails when a namespace one of them
 * reads (with useTranslations, or as a message key such as "checks.url.required") is not sent
 * with that page.
 */
export const CLIENT_MESSAGE_GROUPS = {
  // Every page: the scroll boxes and the idle-session notice in the header, nothing more (it travels
  // with every page, ~640 bytes). A form's validation texts ("v") go with the group of its pages.
  base: ["common", "sessions.warning", "sessions.warning_soon", "sessions.stay", "sessions.stay_failed", "checks.not_text"],
  // Sign-in, password and invitation forms, and two-step verification at sign-in.
  login: [
    "v", "login", "forgot", "reset.submit", "password", "checks.password",
    "two_factor.login_intro", "two_factor.login_recovery_intro", "two_factor.code_label",
    "two_factor.code_hint", "two_factor.recovery_label", "two_factor.recovery_hint",
    "two_factor.use_recovery", "two_factor.use_code", "two_factor.submit_code",
    "two_factor.start_over", "two_factor.code_format", "two_factor.recovery_format",
    "invite.name", "invite.submit", "invite.submit_existing",
  ],
  // Setting up and managing two-step verification (the account page, /two-factor/setup).
  two_factor: [
    "two_factor.code_label", "two_factor.code_hint", "two_factor.code_format",
    "two_factor.start", "two_factor.step_app", "two_factor.step_scan", "two_factor.step_confirm",
    "two_factor.qr_label", "two_factor.secret_label", "two_factor.secret_details",
    "two_factor.confirm", "two_factor.enabled", "two_factor.recovery_title",
    "two_factor.recovery_intro", "two_factor.recovery_list", "two_factor.recovery_saved",
    "two_factor.regenerate", "two_factor.disable_intro", "two_factor.disable",
    "two_factor.disabled",
  ],
  // The account page: password, notification preferences.
  account: [
    "sessions", "account.password_submit", "account.password_sent", "account.sign_out_everywhere",
    "notifications.kinds", "notifications.prefs", "notifications.v", "announcements.v", "checks",
  ],
  // The step report, decision and bulk-verify forms (app/(portal)/institutions, app/(portal)/review).
  onboarding: [
    "v", "onboarding.completed_on", "onboarding.completed_on_hint", "onboarding.current_file",
    "onboarding.file", "onboarding.keep_file", "onboarding.link", "onboarding.link_hint",
    "onboarding.mandatory", "onboarding.note", "onboarding.optional", "onboarding.save_draft",
    "onboarding.saved_draft", "onboarding.submit", "onboarding.submitted", "onboarding.reject",
    "onboarding.reject_reason", "onboarding.verify", "onboarding.actions", "onboarding.age",
    "onboarding.bulk_done", "onboarding.bulk_hint", "onboarding.bulk_verify", "onboarding.date",
    "onboarding.evidence", "onboarding.institution", "onboarding.reported_on", "onboarding.review",
    "onboarding.select", "onboarding.step", "onboarding.check_evidence",
  ],
  // The go-live confirmation and override forms (institution page).
  golive: [
    "golive.confirm_date", "golive.confirm_kind", "golive.confirm_kind_partner",
    "golive.confirm_kind_vendor", "golive.confirm_note", "golive.confirm_partner",
    "golive.confirm_partner_choose", "golive.confirm_submit", "golive.override_reason",
    "golive.override_submit",
  ],
  // The exchange volumes upload (app/(portal)/registry/volumes).
  volumes: ["golive.volumes"],
  // "Check now" on the endpoint page; the evidence of a check on a step.
  checker: [
    "checker.check_now", "checker.checking", "checker.checking_steps", "checker.check_done",
    "checker.check", "checker.phases", "checker.verdict_ok", "checker.next_step", "checker.chain",
    "onboarding.check_evidence",
  ],
  // The endpoint and token forms (app/(portal)/registry); "checks": the address and identifier
  // messages (some keys are put together at run time, lib/validation/identifiers.ts).
  registry: [
    "registry.institution", "registry.environment", "registry.environments",
    "registry.transaction", "registry.transactions", "registry.status", "registry.statuses",
    "registry.url", "registry.hcid", "registry.vendor", "registry.probe_mode",
    "registry.probe_modes", "registry.period_start", "registry.period_end", "registry.maintenance",
    "registry.days", "registry.form", "registry.v", "registry.tokens",
    "checks",
  ],
  // The toolkit's acknowledgement and intake forms (app/(portal)/toolkit) and version forms (admin/templates).
  toolkit: [
    "v.file_too_large", "toolkit.ack_as", "toolkit.ack_button", "toolkit.capacity_ciso", "toolkit.capacity_fg",
    "toolkit.intake_file", "toolkit.intake_file_hint", "toolkit.intake_preview",
    "toolkit.intake_apply", "toolkit.intake_no_file", "toolkit.intake_changes_title",
    "toolkit.intake_no_changes", "toolkit.intake_field", "toolkit.intake_from",
    "toolkit.intake_to", "toolkit.intake_errors", "toolkit.intake_note",
    "toolkit.intake_form_version", "toolkit.version_label", "toolkit.version_hint",
    "toolkit.change_note", "toolkit.change_note_hint", "toolkit.template_file",
    "toolkit.template_file_hint", "toolkit.create", "toolkit.publish", "toolkit.publish_note",
  ],
  // The planned-date form (issue 17 §3; institution page and toolkit).
  planning: [
    "planning.form_title", "planning.new_date", "planning.new_date_hint", "planning.plan",
    "planning.reason_optional", "planning.save", "planning.keys",
  ],
  // The event forms and buttons (app/(portal)/events, issue 18 §3).
  events: ["v.file_too_large", "events", "questions.v", "registry.v", "checks"],
  // The financing rule set editor and its draft buttons (app/(portal)/financing/rules).
  financing: [
    "financing.form", "financing.v", "financing.effective_from", "financing.effective_until",
    "financing.effective_until_hint", "financing.review_date", "financing.change_note",
    "financing.change_note_hint", "financing.edit_draft", "financing.new_draft",
    "steps.title",
  ],
  // Questions to the programme office and the knowledge base (issue 18 §4).
  questions: ["questions", "kb", "events.v", "registry.v", "checks"],
  // The announcement form (issue 18 §2).
  announcements: ["announcements", "notifications.v", "checks"],
  // The status forms (app/(portal)/status/manage) and the public subscription forms, with the
  // messages of the address checks their schemas share (webhook URL, e-mail, codes).
  status_manage: [
    "v", "status_manage", "status_page.incident_states", "status_subscribe.v", "alerts.v", "registry.v",
    "checks", "two_factor.code_format", "two_factor.recovery_format",
  ],
  status_subscribe: [
    "v", "status_subscribe", "status_manage.v", "status_manage.errors", "alerts.v", "registry.v",
    "checks", "two_factor.code_format", "two_factor.recovery_format",
  ],
  // The alert-rule form and its row buttons (app/(portal)/alerts).
  alerts: ["alerts"],
  // The escalation register and the decision log (issue 17 §4).
  escalations: ["escalations"],
  // The invitation form (admin/users).
  users: [
    "v", "users.email", "users.role", "users.institution", "users.vendor", "users.choose",
    "users.submit",
    "roles", "checks.password", "two_factor.code_format", "two_factor.recovery_format",
  ],
  // The institution form and the import (admin/institutions, admin/imports).
  institutions_admin: [
    "institutionsAdmin", "kinds", "checks",
    "institutions.name", "institutions.kind", "institutions.ura", "institutions.agb",
    "institutions.kvk", "institutions.city", "institutions.province", "institutions.vendor",
    "institutions.contact_roles",
  ],
  // The milestone editor (admin/milestones): its labels and its validation messages.
  milestones: [
    "dashboard.ms_date", "dashboard.ms_target", "dashboard.ms_achieved",
    "dashboard.ms_achieved_hint", "dashboard.ms_title_nl", "dashboard.ms_title_en",
    "dashboard.ms_save", "dashboard.v_date", "dashboard.v_target", "dashboard.v_target_manual",
    "dashboard.v_title", "dashboard.v_achieved_manual", "dashboard.v_achieved_future",
    "dashboard.ms_metric", "dashboard.ms_precondition", "dashboard.ms_choose",
    "dashboard.ms_vendors", "dashboard.ms_vendors_hint", "dashboard.ms_vendors_hint_required",
    "dashboard.ms_description_nl", "dashboard.ms_description_en", "dashboard.ms_add",
    "dashboard.ms_kind_institutions_live", "dashboard.ms_kind_institutions_precondition_met",
    "dashboard.ms_kind_infrastructures_live", "dashboard.ms_kind_manual", "dashboard.ms_remove",
    "dashboard.ms_remove_explain", "dashboard.ms_remove_confirm", "dashboard.v_description",
    "dashboard.v_metric", "dashboard.v_precondition", "dashboard.v_vendors",
    "dashboard.v_vendors_manual", "dashboard.v_vendors_required",
    "milestones.errors",
  ],
} as const satisfies Record<string, readonly ClientNamespace[]>;

export type ClientMessageGroup = keyof typeof CLIENT_MESSAGE_GROUPS;

/** The messages sent with a page: `base` and the given groups. */
export function clientMessages(locale: Locale, groups: readonly ClientMessageGroup[] = []): Partial<Messages> {
  const out: Record<string, Record<string, unknown>> = {};
  const all = messages[locale] as unknown as Record<string, Record<string, unknown>>;
  for (const group of ["base", ...groups] as ClientMessageGroup[]) {
    for (const path of CLIENT_MESSAGE_GROUPS[group] as readonly string[]) {
      const [ns, section] = path.split(".");
      if (section === undefined) out[ns] = { ...out[ns], ...all[ns] };
      else out[ns] = { ...out[ns], [section]: all[ns][section] };
    }
  }
  return out as Partial<Messages>;
}

const clientJson = new Map<string, string>();

/**
 * clientMessages(locale, groups) as JSON, built once per locale and set of groups (the catalogues
 * do not change while the server runs).
 */
export function clientMessagesJson(locale: Locale, groups: readonly ClientMessageGroup[] = []): string {
  const key = `${locale}:${[...new Set(groups)].sort().join(",")}`;
  let json = clientJson.get(key);
  if (json === undefined) clientJson.set(key, (json = JSON.stringify(clientMessages(locale, groups))));
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
