import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Actor } from "@/lib/auth/policy";
import type { IntakeChange } from "@/lib/pdf/intake-form";
import { downloadRole } from "@/lib/toolkit/access";
import { translator } from "@/lib/i18n/messages";
import { changesFingerprint, currentIntakeValues, intakePlanErrorText, planIntakeApply } from "@/lib/toolkit/intake";
import { buildToolkitOverview, contactCapacity } from "@/lib/toolkit/overview";
import { acroFormValues, ACRO_FIELD_NAMES } from "@/lib/toolkit/personalise";
import { acknowledgementState, checkNewVersionLabel, compareVersionLabels, currentVersions, suggestNextVersion, type VersionRef } from "@/lib/toolkit/versions";

const v = (id: string, label: string, status: "draft" | "published" = "published", type = "dpia_guide", note = `note ${label}`): VersionRef => ({
  id,
  documentType: type,
  versionLabel: label,
  status,
  changeNote: note,
  publishedAt: status === "published" ? new Date("2026-09-01") : null,
});

describe("version labels", () => {
  for (const [a, b, sign] of [
    ["1.0", "1.1", -1],
    ["1.10", "1.9", 1],
    ["2.0", "1.99", 1],
    ["1.2", "1.2", 0],
  ] as const) {
    test(`${a} vs ${b}`, () => assert.equal(Math.sign(compareVersionLabels(a, b)), sign));
  }
  test("next version and new-label checks", () => {
    assert.equal(suggestNextVersion([]), "1.0");
    assert.equal(suggestNextVersion(["1.0", "1.9", "1.10"]), "1.11");
    assert.equal(checkNewVersionLabel("1.1", ["1.0"]), null);
    assert.deepEqual(checkNewVersionLabel("1.0", ["1.0"]), { key: "toolkit.errors.version_exists", params: { version: "1.0" } });
    assert.deepEqual(checkNewVersionLabel("0.9", ["1.0"]), { key: "toolkit.errors.version_not_higher", params: { top: "1.0" } });
    assert.deepEqual(checkNewVersionLabel("v2", []), { key: "toolkit.errors.version_invalid", params: { version: "v2" } });
    const text = (m: ReturnType<typeof checkNewVersionLabel>) => (translator("nl") as unknown as (key: string, values?: object) => string)(m!.key, m!.params);
    assert.match(text(checkNewVersionLabel("1.0", ["1.0"])), /bestaat al/);
    assert.match(text(checkNewVersionLabel("0.9", ["1.0"])), /hoger/);
    assert.equal(text(checkNewVersionLabel("v2", [])), '"v2" is geen geldig versienummer. Gebruik de vorm 1.0, 1.1 of 2.0.');
  });
  test("current = newest published per type; drafts never", () => {
    const cur = currentVersions([v("a", "1.0"), v("b", "1.1"), v("c", "1.2", "draft"), v("d", "1.0", "published", "agreement")]);
    assert.equal(cur.get("dpia_guide")!.id, "b");
    assert.equal(cur.get("agreement")!.id, "d");
    assert.equal(cur.has("architecture"), false);
  });
});

describe("acknowledgementState", () => {
  const versions = [v("a", "1.0"), v("b", "1.1"), v("c", "1.2"), v("d", "1.3", "draft")];
  const at = new Date("2026-10-01T10:00:00Z");
  test("never", () => assert.deepEqual(acknowledgementState(versions, []), { kind: "never" }));
  test("current", () => assert.deepEqual(acknowledgementState(versions, [{ templateId: "c", at }]), { kind: "current", acknowledgedLabel: "1.2", acknowledgedAt: at }));
  test("outdated: every change note since, oldest first; a draft is not asked for", () => {
    assert.deepEqual(acknowledgementState(versions, [{ templateId: "a", at }]), {
      kind: "outdated",
      acknowledgedLabel: "1.0",
      acknowledgedAt: at,
      changes: [
        { label: "1.1", note: "note 1.1" },
        { label: "1.2", note: "note 1.2" },
      ],
    });
  });
  test("the newest acknowledged version decides", () => assert.equal(acknowledgementState(versions, [{ templateId: "a", at }, { templateId: "c", at }]).kind, "current"));
});

describe("overview", () => {
  const inst = (id: string) => ({ id, name: id, ura: id, contacts: [{ role: "ciso", email: "CISO@" + id }, { role: "fg", email: "fg@" + id }] });
  const current = new Map([["dpia_guide", { id: "new", versionLabel: "1.1" }]] as const);
  const d = (institutionId: string, templateId: string, userEmail: string, capacity: string | null, day: number) => ({ institutionId, templateId, userEmail, capacity, at: new Date(Date.UTC(2026, 9, day)) });

  test("contact capacity matches e-mail case-insensitively", () => {
    assert.equal(contactCapacity(inst("a").contacts, "ciso@a"), "ciso");
    assert.equal(contactCapacity(inst("a").contacts, "someone@a"), null);
  });

  test("only current versions count; capacity from the row, the person's acknowledgement, or the contact list", () => {
    const rows = buildToolkitOverview({
      institutions: [inst("a"), inst("b"), inst("c")],
      current,
      downloads: [
        d("a", "old", "ciso@a", "ciso", 1), // old version: ignored
        d("a", "new", "x@a", null, 2), // counts as FG through x's acknowledgement
        d("a", "new", "ciso@a", null, 3), // counts as CISO through the contact list
        d("b", "new", "y@b", null, 4), // unknown capacity: ignored
        d("c", "new", "ciso@c", "ciso", 5),
        d("c", "new", "fg@c", "fg", 5),
      ],
      acknowledgements: [
        { institutionId: "a", templateId: "new", userEmail: "x@a", capacity: "fg", at: new Date(Date.UTC(2026, 9, 6)) },
        { institutionId: "a", templateId: "new", userEmail: "ciso@a", capacity: "ciso", at: new Date(Date.UTC(2026, 9, 7)) },
        { institutionId: "c", templateId: "new", userEmail: "ciso@c", capacity: "ciso", at: new Date(Date.UTC(2026, 9, 7)) },
        { institutionId: "c", templateId: "old", userEmail: "fg@c", capacity: "fg", at: new Date(Date.UTC(2026, 9, 7)) },
      ],
    });
    const a = rows[0].documents.dpia_guide!;
    assert.ok(a.ciso.downloadedAt && a.ciso.acknowledgedAt && a.fg.downloadedAt && a.fg.acknowledgedAt);
    assert.equal(rows[0].complete, true);
    assert.equal(rows[1].documents.dpia_guide!.ciso.downloadedAt, null);
    assert.equal(rows[1].complete, false);
    assert.equal(rows[2].documents.dpia_guide!.fg.acknowledgedAt, null, "acknowledged an old version only");
    assert.equal(rows[2].complete, false);
  });
});

describe("intake plan", () => {
  const current = {
    contacts: [{ role: "project_lead", name: "Søren", email: "s@x.example", phone: null }],
    vendorCode: "founda",
    plans: [{ planKey: "go_live", plannedOn: "2027-01-01" }],
    lastRemarks: null,
  };
  const ch = (field: string, to: string, from: string | null = null): IntakeChange => ({ field, to, from });

  test("current values under the form's names", () => {
    const cur = currentIntakeValues(current);
    assert.equal(cur["contact.project_lead.name"], "Søren");
    assert.equal(cur["contact.fg.email"], null);
    assert.equal(cur["planned.go_live"], "2027-01-01");
    assert.equal(cur.vendor, "founda");
  });

  test("changed contact fields merge into the existing contact; untouched roles are left out", () => {
    const plan = planIntakeApply([ch("contact.project_lead.phone", "030 123 4567"), ch("planned.go_live", "2027-06-01", "2027-01-01"), ch("vendor", "alphatron", "founda")], current);
    assert.deepEqual(plan.contacts, [{ role: "project_lead", name: "Søren", email: "s@x.example", phone: "030 123 4567" }]);
    assert.deepEqual(plan.plans, [{ planKey: "go_live", plannedOn: "2027-06-01" }]);
    assert.equal(plan.vendor, "alphatron");
    assert.deepEqual(plan.errors, []);
  });

  for (const [name, changes, code, message, english] of [
    ["a new contact without e-mail", [ch("contact.fg.name", "Zoë")], "contact_email_missing", /^Voor de FG ontbreekt een e-mailadres/, /^An e-mail address is missing for the DPO/],
    ["a new contact without name", [ch("contact.ciso.email", "c@x.example")], "contact_name_missing", /^Voor de CISO ontbreekt een naam/, /^A name is missing for the CISO/],
    ["an implausible planned date", [ch("planned.dpia_completed", "2099-01-01")], "plan_date_out_of_range", /^DPIA afgerond: 01-01-2099 is geen geldige geplande datum/, /^DPIA completed: 01-01-2099 is not a valid planned date/],
  ] as const) {
    test(`refused: ${name}`, () => {
      const errors = planIntakeApply(changes, current).errors;
      assert.deepEqual(errors.map((e) => e.code), [code]);
      assert.match(errors.map((e) => intakePlanErrorText(e, "nl")).join(" "), message);
      assert.match(errors.map((e) => intakePlanErrorText(e, "en")).join(" "), english);
    });
  }

  test("the fingerprint changes with any change", () => {
    assert.equal(changesFingerprint([ch("vendor", "founda")]), changesFingerprint([ch("vendor", "founda")]));
    assert.notEqual(changesFingerprint([ch("vendor", "founda")]), changesFingerprint([ch("vendor", "alphatron")]));
  });
});

describe("download role and AcroForm values", () => {
  const actor = (...memberships: Actor["memberships"]): Actor => ({ userId: "u", email: "u@x", name: "U", locale: "nl", memberships });
  const A = { id: "A", vendorCode: "enovation" };
  test("the most specific role that reaches the institution", () => {
    assert.equal(downloadRole(actor({ role: "programme_viewer", institutionId: null, vendorCode: null }, { role: "security_officer", institutionId: "A", vendorCode: null }), A), "security_officer");
    assert.equal(downloadRole(actor({ role: "security_officer", institutionId: "B", vendorCode: null }, { role: "vendor_editor", institutionId: null, vendorCode: "enovation" }), A), "vendor_editor");
    assert.equal(downloadRole(actor({ role: "security_officer", institutionId: "B", vendorCode: null }), A), null, "a CISO of B gets nothing of A");
  });
  test("AcroForm values name portal data", () => {
    const values = acroFormValues(
      { institution: { name: "Ziekenhuis Ø", ura: "12345678", vendor: "Enovation", contacts: [{ role: "ciso", name: "Łucja", email: "l@x" }] }, onboarding: { readinessPercent: 42.4, phaseLabel: "Overeenkomsten", steps: [] }, generatedAt: new Date("2026-11-22T12:00:00Z") },
      { label: "1.1", publishedOn: "2026-11-02", changeNote: "n" },
      "DPIA-handreiking",
    );
    assert.equal(values["institution.ura"], "12345678");
    assert.equal(values["contact.ciso.name"], "Łucja");
    assert.equal(values["contact.fg.name"], "");
    assert.equal(values["document.version"], "1.1");
    assert.equal(values["document.published_on"], "02-11-2026");
    assert.equal(values["onboarding.readiness"], "42 %");
    assert.deepEqual(Object.keys(values), ACRO_FIELD_NAMES);
  });
});
