import { describe, test } from "node:test";
import { EVENT_KINDS, KB_CATEGORIES, QUESTION_STATUSES, REGISTRATION_STATUSES } from "@/lib/domain/events";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CLIENT_MESSAGE_GROUPS, clientMessages, isLocale, LOCALES, messages, translate, translator } from "@/lib/i18n/messages";
import { createTranslator } from "next-intl";
import { EXPLANATION_CODES, RULE_SET_ERROR_CODES } from "@/lib/domain/financing";
import { EVIDENCE_ERROR_CODES } from "@/lib/onboarding/evidence";
import { MILESTONE_ERROR_CODES, MILESTONE_EXPLANATION_CODES, MILESTONE_STATUSES } from "@/lib/domain/milestones";
import { REASON_CODES, STATUSES, VERDICT_PARAM_NAMES, WARNING_CODES } from "@/lib/checker/verdicts";
import { CHAIN_NOTE_CODES } from "@/lib/checker/probe";
import { errorStatus } from "@/lib/errors";
import { ROLES } from "@/lib/auth/roles";
import { CATALOGUE_ERROR_CODES, PRECONDITION_CODES, STEP_CODES, STEP_GROUPS, STEP_NOTE_CODES } from "@/lib/domain/steps";
import { EVIDENCE_FIELDS, NEXT_ACTION_CODES, PHASE_CODES, STEP_REPORT_ERROR_CODES, STEP_STATES, STEP_VERIFICATION_ERROR_CODES } from "@/lib/domain/readiness";
import { stepReportErrorKey } from "@/lib/domain/onboarding-texts";
import { IDENTIFIER_MESSAGES } from "@/lib/validation/identifiers";
import { ENDPOINT_URL_MESSAGES } from "@/lib/validation/endpoint-url";
import { PASSWORD_ISSUE_CODES } from "@/lib/validation/password";
import { CSV_MESSAGES } from "@/lib/institutions/csv";
import { DOCUMENT_TYPE_IDS, INTAKE_FIELDS, INTAKE_FIELD_ERROR_CODES, PDF_ERROR_CODES } from "@/lib/pdf";
import { ENDPOINT_STATUS_CODES, ENVIRONMENT_CODES, ROLE_CODES, STEP_STATE_CODES } from "@/lib/pdf/format";
import { DTO_LEGEND_KEYS } from "@/lib/pdf/dto-report";
import { INTAKE_CONTACT_ROLES, INTAKE_PLAN_ERROR_CODES } from "@/lib/toolkit/intake";
import { HEALTH_STATUSES } from "@/lib/checker/notify";
import { PLANNED_GO_LIVE_SOURCES } from "@/lib/domain/financing-scenario";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from "@/lib/audit";
import type { WebhookTargetProblem } from "@/lib/alerts/webhook-target";
import { ALERT_EVENTS, ALERT_SCOPES, WEBHOOK_FORMATS } from "@/lib/domain/alerts";
import { VOLUME_ERROR_CODES } from "@/lib/golive/volumes";
import { INCIDENT_STATES, STATUS_MAIL_EVENTS, STATUS_RULE_ERRORS } from "@/lib/domain/status";
import { GO_LIVE_CONDITIONS, GO_LIVE_DETAIL_CODES, GO_LIVE_STATUSES, RETEST_TRIGGER_KINDS } from "@/lib/domain/golive";

const root = path.resolve(__dirname, "..", "..", "..");

/** Every leaf key of a message tree, dotted: "login.invalid". */
function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  assert.ok(node && typeof node === "object", `${prefix} is neither text nor a section`);
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

/** The message keys a source file refers to, e.g. "v.email_invalid" or "auth.invite_used". */
function keysUsedIn(file: string, section: string): string[] {
  const src = readFileSync(path.join(root, file), "utf8");
  return [...new Set([...src.matchAll(new RegExp(`["'\`](${section}\\.[a-z0-9_]+)["'\`]`, "g"))].map((m) => m[1]))];
}

describe("message catalogues", () => {
  test("en and nl have exactly the same keys", () => {
    const nl = leafKeys(messages.nl).sort();
    const en = leafKeys(messages.en).sort();
    assert.deepEqual(
      { onlyNl: nl.filter((k) => !en.includes(k)), onlyEn: en.filter((k) => !nl.includes(k)) },
      { onlyNl: [], onlyEn: [] },
    );
    assert.ok(nl.length > 50);
  });

  test("no text is empty, and placeholders match between the languages", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of leafKeys(messages.nl)) {
      const nl = translate("nl", key);
      const en = translate("en", key);
      assert.notEqual(nl.trim(), "", `nl ${key}`);
      assert.notEqual(en.trim(), "", `en ${key}`);
      assert.deepEqual(placeholders(String(readRaw("en", key))), placeholders(String(readRaw("nl", key))), key);
    }
  });

  test("every message is valid ICU and both languages take the same arguments (plurals included)", () => {
    // "{days}", "{count, plural, …}": the names of the arguments a message reads.
    const args = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\s*[},]/g)].map((m) => m[1]))].sort();
    for (const key of leafKeys(messages.nl)) {
      const nlArgs = args(String(readRaw("nl", key)));
      assert.deepEqual(args(String(readRaw("en", key))), nlArgs, key);
      const values = Object.fromEntries(nlArgs.map((a) => [a, 2]));
      for (const locale of LOCALES) {
        const errors: string[] = [];
        const t = createTranslator({ locale, messages: messages[locale], onError: (e) => errors.push(e.message) });
        const text = t(key as never, values as never);
        assert.deepEqual(errors, [], `${locale} ${key}`);
        assert.ok(!/\{\w+\}/.test(text), `${locale} ${key} left a placeholder: ${text}`);
      }
    }
  });

  test("every code the domain can return has a message in both languages", () => {
    const codes = [
      ...RULE_SET_ERROR_CODES.map((c) => `financing.rule_errors.${c}`),
      ...EXPLANATION_CODES.map((c) => `financing.explain.${c}`),
      ...STATUS_RULE_ERRORS.map((c) => `status_manage.errors.${c}`),
      ...STATUS_MAIL_EVENTS.flatMap((c) => [`status_mail.subject.${c}`, `status_mail.body.${c}`]),
      ...INCIDENT_STATES.map((c) => `status_page.incident_states.${c}`),
      "financing.missing_vendor",
      ...[...REASON_CODES, ...WARNING_CODES].flatMap((c) => ["label", "explanation", "next_step"].map((f) => `checker.verdicts.${c}.${f}`)),
      ...VERDICT_PARAM_NAMES.map((p) => `checker.verdict_unknown.${p}`),
      ...STATUSES.map((s) => `checker.status_labels.${s}`),
      ...EVIDENCE_ERROR_CODES.map((c) => `onboarding.evidence_errors.${c}`),
      ...MILESTONE_EXPLANATION_CODES.map((c) => `milestones.explain.${c}`),
      ...MILESTONE_STATUSES.map((c) => `milestones.statuses.${c}`),
      ...MILESTONE_ERROR_CODES.map((c) => `milestones.errors.${c}`),
      "milestones.errors.manual_with_target",
      ...(["unauthenticated", "forbidden", "not_found"] as const).map((c) => `errors.problem_titles.${c}`),
      ...STEP_CODES.flatMap((c) => [`steps.title.${c}`, `steps.help.${c}`]),
      ...STEP_GROUPS.filter((g) => g === "technical").map((g) => `steps.groups.${g}`),
      ...PRECONDITION_CODES.flatMap((c) => [`steps.preconditions.${c}.label`, `steps.preconditions.${c}.description`]),
      ...STEP_NOTE_CODES.map((c) => `steps.notes.${c}`),
      ...CATALOGUE_ERROR_CODES.map((c) => `steps.catalogue_errors.${c}`),
      ...STEP_STATES.map((s) => `readiness.states.${s}`),
      ...PHASE_CODES.flatMap((c) => [`readiness.phases.${c}.label`, `readiness.phases.${c}.description`]),
      ...NEXT_ACTION_CODES.map((c) => `readiness.next.${c}`),
      ...["date", ...EVIDENCE_FIELDS, "and"].map((k) => `readiness.next_evidence.${k}`),
      ...STEP_REPORT_ERROR_CODES.flatMap((code) =>
        code === "evidence_missing" || code === "evidence_not_allowed" ? EVIDENCE_FIELDS.map((field) => stepReportErrorKey({ code, field })) : [stepReportErrorKey({ code, field: "step" })],
      ),
      ...STEP_VERIFICATION_ERROR_CODES.map((c) => `readiness.verify_errors.${c}`),
      ...IDENTIFIER_MESSAGES.map((m) => `checks.${m}`),
      ...ENDPOINT_URL_MESSAGES.map((m) => `checks.url.${m}`),
      ...[...PASSWORD_ISSUE_CODES, "confirmation_required", "confirmation_mismatch"].map((c) => `checks.password.${c}`),
      ...CSV_MESSAGES.map((m) => `csv_import.${m}`),
      "csv_import.commit_refused",
      "institution_errors.ura_in_use",
      "session_api.cross_site",
      ...["rate_endpoint", "rate_user", "in_progress", "forbidden"].map((c) => `checker.errors.${c}`),
      ...CHAIN_NOTE_CODES.map((c) => `checker.chain.skipped.${c}`),
      "checker.chain.step",
      ...PDF_ERROR_CODES.map((c) => `pdf.errors.${c}`),
      ...INTAKE_FIELD_ERROR_CODES.map((c) => `pdf.field_errors.${c}`),
      ...INTAKE_FIELDS.map((f) => `pdf.intake_fields.${f.name.replace(/\./g, "_")}`),
      ...DOCUMENT_TYPE_IDS.flatMap((d) => [`pdf.documents.${d}.title`, `pdf.documents.${d}.audience`]),
      ...ROLE_CODES.map((c) => `pdf.roles.${c}`),
      ...STEP_STATE_CODES.map((c) => `pdf.step_states.${c}`),
      ...ENDPOINT_STATUS_CODES.map((c) => `pdf.endpoint_statuses.${c}`),
      ...ENVIRONMENT_CODES.map((c) => `pdf.environments.${c}`),
      ...DTO_LEGEND_KEYS.map((k) => `pdf.dto.legend.${k}`),
      ...INTAKE_PLAN_ERROR_CODES.map((c) => `toolkit.intake_plan_errors.${c}`),
      ...GO_LIVE_CONDITIONS.map((c) => `golive.conditions.${c}`),
      ...GO_LIVE_DETAIL_CODES.map((c) => `golive.detail.${c}`),
      ...GO_LIVE_STATUSES.map((c) => `golive.status.${c}`),
      ...RETEST_TRIGGER_KINDS.map((c) => `golive.trigger.${c}`),
      ...VOLUME_ERROR_CODES.map((c) => `golive.volumes.e.${c}`),
      ...INTAKE_CONTACT_ROLES.map((r) => `toolkit.intake_roles.${r}`),
      ...HEALTH_STATUSES.map((h) => `checker_mail.health.${h}`),
      ...(["production", "acceptance"] as const).map((e) => `checker_mail.environments.${e}`),
      ...PLANNED_GO_LIVE_SOURCES.map((src) => `financing.sources.${src}`),
      ...AUDIT_ACTIONS.map((a) => `audit.actions.${a}`),
      ...AUDIT_ENTITY_TYPES.map((e) => `audit.entities.${e}`),
      ...EVENT_KINDS.map((k) => `events.kinds.${k}`),
      ...REGISTRATION_STATUSES.map((k) => `events.statuses.${k}`),
      ...QUESTION_STATUSES.map((k) => `questions.statuses.${k}`),
      ...KB_CATEGORIES.map((k) => `kb.categories.${k}`),
      ...ALERT_EVENTS.map((e) => `alerts.event.${e}`),
      ...ALERT_SCOPES.map((e) => `alerts.scopes.${e}`),
      ...WEBHOOK_FORMATS.map((f) => `alerts.format.${f}`),
      ...(["invalid_url", "https_required", "unresolvable", "blocked_address"] satisfies WebhookTargetProblem[]).map((p) => `alerts.v.webhook_${p}`),
      ...(["degraded", "cert_changed", "ura_mismatch"] as const).flatMap((e) => [`checker_mail.${e}_subject`, `checker_mail.${e}_line`]),
    ];
    for (const key of codes) for (const locale of LOCALES) assert.equal(typeof readRaw(locale, key), "string", `${locale} ${key}`);
  });

  test("plural messages choose the singular for 1 (translator outside React)", () => {
    assert.equal(translator("nl")("sessions.warning", { minutes: 1 }), "U wordt over 1 minuut uitgelogd wegens inactiviteit.");
    assert.equal(translator("nl")("sessions.warning", { minutes: 5 }), "U wordt over 5 minuten uitgelogd wegens inactiviteit.");
    assert.equal(translator("en")("sessions.minutes", { minutes: 30 }), "30 minutes");
  });

  test('every "v.*" key used in lib/validation/users.ts exists in both languages', () => {
    const used = keysUsedIn("lib/validation/users.ts", "v");
    assert.ok(used.length >= 8, `found ${used.join(", ")}`);
    for (const key of used) for (const locale of LOCALES) assert.equal(typeof readRaw(locale, key), "string", `${locale} ${key}`);
  });

  test('every "v.*" and "auth.*" key used in lib/auth/accounts.ts exists in both languages', () => {
    const used = [...keysUsedIn("lib/auth/accounts.ts", "v"), ...keysUsedIn("lib/auth/accounts.ts", "auth")];
    assert.ok(used.length >= 5, `found ${used.join(", ")}`);
    for (const key of used) for (const locale of LOCALES) assert.equal(typeof readRaw(locale, key), "string", `${locale} ${key}`);
  });

  test("every role has a label", () => {
    for (const role of ROLES) for (const locale of LOCALES) assert.equal(typeof readRaw(locale, `roles.${role}`), "string", `${locale} ${role}`);
  });

  test("the error codes a user can see have a message", () => {
    for (const code of ["unauthenticated", "forbidden", "not_found", "internal", "conflict", "validation"] as const) {
      assert.ok(code in errorStatus);
      for (const locale of LOCALES) assert.equal(typeof readRaw(locale, `errors.${code}`), "string", `${locale} ${code}`);
    }
  });

  test("every namespace or section that travels to the browser exists, and only those travel", () => {
    const groups = Object.keys(CLIENT_MESSAGE_GROUPS) as (keyof typeof CLIENT_MESSAGE_GROUPS)[];
    for (const locale of LOCALES) {
      for (const group of groups) {
        const sent = clientMessages(locale, [group]) as Record<string, Record<string, unknown>>;
        const paths = [...CLIENT_MESSAGE_GROUPS.base, ...CLIENT_MESSAGE_GROUPS[group]] as string[];
        for (const path of paths) {
          assert.notEqual(readRaw(locale, path), undefined, `${locale} ${group} ${path}`);
          const [ns, section] = path.split(".");
          // A namespace sent whole holds its sections; a section is sent as it is.
          const got = section === undefined ? sent[ns] : sent[ns]?.[section];
          assert.deepEqual(got, readRaw(locale, path), `${locale} ${group} ${path}`);
        }
        const roots = new Set(paths.map((p) => p.split(".")[0]));
        assert.deepEqual(Object.keys(sent).sort(), [...roots].sort(), `${locale} ${group}`);
      }
    }
    // A section list sends less than its namespace: the mails of two_factor stay on the server.
    assert.equal((clientMessages("nl", ["login", "two_factor"]) as Record<string, Record<string, unknown>>).two_factor.mail_reset_body, undefined);
    // A page without forms gets no form texts.
    assert.equal((clientMessages("nl") as Record<string, unknown>).registry, undefined);
  });
});

function readRaw(locale: "nl" | "en", key: string): unknown {
  let node: unknown = messages[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

describe("translate", () => {
  test("Dutch and English texts", () => {
    assert.equal(translate("nl", "login.title"), "Inloggen");
    assert.equal(translate("en", "login.title"), messages.en.login.title);
    assert.notEqual(translate("en", "login.invalid"), translate("nl", "login.invalid"));
  });
  test("fills placeholders", () => {
    const text = translate("nl", "login.rate_limited_account", { minutes: 7 });
    assert.ok(text.includes("7 minuten"), text);
    assert.ok(!text.includes("{minutes}"));
    assert.ok(translate("en", "login.rate_limited_ip", { minutes: 12 }).includes("12"));
  });
  test("validation keys", () => {
    assert.equal(translate("nl", "v.email_invalid"), messages.nl.v.email_invalid);
    assert.equal(translate("en", "v.email_invalid"), messages.en.v.email_invalid);
  });
  test("an unknown dotted key falls back to the generic validation message", () => {
    assert.equal(translate("nl", "v.does_not_exist"), messages.nl.errors.validation);
    assert.equal(translate("en", "nope.nope.nope"), messages.en.errors.validation);
  });
  test("a key that names a section, not a text, falls back too", () => {
    assert.equal(translate("nl", "login.title.extra"), messages.nl.errors.validation);
    assert.equal(translate("en", "app.nothing"), messages.en.errors.validation);
  });
  test("a plain (undotted) string is returned as it is", () => {
    assert.equal(translate("nl", "Some server text"), "Some server text");
  });
  test("isLocale", () => {
    assert.deepEqual(LOCALES, ["nl", "en"]);
    for (const [v, ok] of [["nl", true], ["en", true], ["de", false], ["NL", false], [undefined, false], [1, false]] as const) {
      assert.equal(isLocale(v), ok, String(v));
    }
  });
});

describe("no sentences outside the catalogues", () => {
  // Texts live in messages/*.json. The only { nl, en } objects left are data the programme office
  // stores in both languages (rule sets, milestones) and the names of identifiers.
  const ROOT = path.resolve(__dirname, "..", "..", "..");
  const ALLOWED = new Set(["lib/validation/identifiers.ts", "lib/domain/financing/rules.ts", "lib/domain/milestones.ts"]);
  test("no { nl: \"…\", en: \"…\" } text objects in lib/ or app/ outside the allowed data files", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !ALLOWED.has(path.relative(ROOT, file).split(path.sep).join("/"))) {
          const text = readFileSync(file, "utf8");
          if (/\bnl: *["'`][^"'`]*[A-Za-z]{3}[^"'`]*["'`][\s\S]{0,400}?\ben: *["'`]/.test(text)) offenders.push(path.relative(ROOT, file));
        }
      }
    };
    for (const dir of ["lib", "app"]) walk(path.join(ROOT, dir));
    assert.deepEqual(offenders, [], "move these texts to messages/nl.json and messages/en.json");
  });
});
