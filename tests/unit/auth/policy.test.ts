import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  can,
  homePath,
  institutionScope,
  isPublicPath,
  primaryRole,
  type Actor,
  type ActorMembership,
  type InstitutionRef,
  type Permission,
} from "@/lib/auth/policy";
import { ROLES, type Role } from "@/lib/auth/roles";

const HOME_ID = "11111111-1111-4111-8111-111111111111";
const OTHER_ID = "22222222-2222-4222-8222-222222222222";
const VENDOR_ID = "33333333-3333-4333-8333-333333333333";
const UNCHOSEN_ID = "44444444-4444-4444-8444-444444444444";

/**
 * The institutions every role is asked about. The institution roles work for HOME; the vendor
 * editor works for Enovation, which HOME and VENDOR chose.
 */
const CONTEXTS = {
  own: { id: HOME_ID, vendorCode: "enovation" },
  other: { id: OTHER_ID, vendorCode: "alphatron" },
  vendor: { id: VENDOR_ID, vendorCode: "enovation" },
  unchosen: { id: UNCHOSEN_ID, vendorCode: null },
  none: undefined,
} satisfies Record<string, InstitutionRef | undefined>;
const CONTEXT_ORDER = ["own", "other", "vendor", "unchosen", "none"] as const;

function membershipFor(role: Role): ActorMembership {
  switch (role) {
    case "programme_admin":
    case "programme_viewer":
      return { role, institutionId: null, vendorCode: null };
    case "institution_editor":
    case "security_officer":
      return { role, institutionId: HOME_ID, vendorCode: null };
    case "vendor_editor":
      return { role, institutionId: null, vendorCode: "enovation" };
  }
}

function actorWith(...memberships: ActorMembership[]): Actor {
  return { userId: "u", email: "u@example.test", name: "U", locale: "nl", memberships };
}

/**
 * Expected answers, one letter per context in CONTEXT_ORDER: own, other, vendor, unchosen,
 * none (no institution given). Y = allowed, N = refused.
 */
const EXPECTED: Record<Permission, Record<Role, string>> = {
  "dashboard.view": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "institution.list": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "institution.read": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "institution.report": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "institution.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "step.verify": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "endpoint.edit": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "NNNNN", vendor_editor: "YNYNY" },
  "endpoint.read": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "token.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "YNYNY" },
  "toolkit.download": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "toolkit.acknowledge": { programme_admin: "NNNNN", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "YNNNY", vendor_editor: "NNNNN" },
  "toolkit.overview": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "toolkit.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "users.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "audit.read": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "milestones.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "escalations.view": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "escalations.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "announcements.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  // Financing: totals for programme roles only; an institution sees only its own eligibility, vendors none.
  "financing.view": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "financing.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "financing.eligibility": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "NNNNN" },
  // Events and questions (issue 18 §3, §4): questions stay between an institution and the programme office.
  "events.view": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "events.register": { programme_admin: "NNNNN", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "events.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "questions.read": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "NNNNN" },
  "questions.ask": { programme_admin: "NNNNN", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "NNNNN" },
  "questions.answer": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "kb.read": { programme_admin: "YYYYY", programme_viewer: "YYYYY", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
  "kb.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  // Go-live (issue 17): overrides by the programme admin; confirmations checked further in lib/golive/service.ts.
  "golive.override": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "NNNNN" },
  "golive.confirm": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "NNNNN", vendor_editor: "YNYNY" },
  "exchange.report": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "YNYNY" },
  "status.post": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "NNNNN", security_officer: "NNNNN", vendor_editor: "YNYNY" },
  "alerts.manage": { programme_admin: "YYYYY", programme_viewer: "NNNNN", institution_editor: "YNNNY", security_officer: "YNNNY", vendor_editor: "YNYNY" },
};
const PERMISSIONS = Object.keys(EXPECTED) as Permission[];

describe("can: every role × permission × institution", () => {
  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      test(`${role} / ${permission}`, () => {
        const actor = actorWith(membershipFor(role));
        const got = CONTEXT_ORDER.map((c) => (can(actor, permission, CONTEXTS[c]) ? "Y" : "N")).join("");
        assert.equal(got, EXPECTED[permission][role], `contexts ${CONTEXT_ORDER.join(",")}`);
      });
    }
  }

  test("the table covers every role", () => {
    for (const p of PERMISSIONS) assert.deepEqual(Object.keys(EXPECTED[p]).sort(), [...ROLES].sort());
  });

  test("no actor, or an actor without memberships, may do nothing", () => {
    for (const permission of PERMISSIONS) {
      for (const c of CONTEXT_ORDER) {
        assert.equal(can(null, permission, CONTEXTS[c]), false, `${permission} ${c} (null)`);
        assert.equal(can(actorWith(), permission, CONTEXTS[c]), false, `${permission} ${c} (no memberships)`);
      }
    }
  });

  test("memberships combine: an editor of HOME who is CISO of OTHER reports only for HOME", () => {
    const actor = actorWith(
      { role: "institution_editor", institutionId: HOME_ID, vendorCode: null },
      { role: "security_officer", institutionId: OTHER_ID, vendorCode: null },
    );
    assert.equal(can(actor, "institution.read", CONTEXTS.own), true);
    assert.equal(can(actor, "institution.read", CONTEXTS.other), true);
    assert.equal(can(actor, "institution.report", CONTEXTS.own), true);
    assert.equal(can(actor, "institution.report", CONTEXTS.other), false);
    assert.equal(can(actor, "endpoint.edit", CONTEXTS.other), false);
  });

  test("a vendor editor never reaches an institution without a vendor, even with a null vendor membership", () => {
    const actor = actorWith({ role: "vendor_editor", institutionId: null, vendorCode: null });
    assert.equal(can(actor, "institution.read", CONTEXTS.unchosen), false);
    assert.equal(can(actor, "institution.read", CONTEXTS.vendor), false);
  });
});

describe("institutionScope", () => {
  const cases: { name: string; memberships: ActorMembership[]; permission: Permission; expected: ReturnType<typeof institutionScope> }[] = [
    { name: "admin lists everything", memberships: [membershipFor("programme_admin")], permission: "institution.list", expected: { kind: "all" } },
    { name: "admin, programme-only permission", memberships: [membershipFor("programme_admin")], permission: "audit.read", expected: { kind: "all" } },
    { name: "viewer lists everything", memberships: [membershipFor("programme_viewer")], permission: "institution.list", expected: { kind: "all" } },
    { name: "viewer may not report anywhere", memberships: [membershipFor("programme_viewer")], permission: "institution.report", expected: { kind: "none" } },
    { name: "viewer has no users.manage scope", memberships: [membershipFor("programme_viewer")], permission: "users.manage", expected: { kind: "none" } },
    {
      name: "institution editor: own institution",
      memberships: [membershipFor("institution_editor")],
      permission: "institution.list",
      expected: { kind: "some", institutionIds: [HOME_ID], vendorCodes: [] },
    },
    {
      name: "security officer reads own institution",
      memberships: [membershipFor("security_officer")],
      permission: "institution.read",
      expected: { kind: "some", institutionIds: [HOME_ID], vendorCodes: [] },
    },
    { name: "security officer may not report", memberships: [membershipFor("security_officer")], permission: "institution.report", expected: { kind: "none" } },
    { name: "editor has no dashboard scope", memberships: [membershipFor("institution_editor")], permission: "dashboard.view", expected: { kind: "none" } },
    {
      name: "vendor editor: the vendor's institutions",
      memberships: [membershipFor("vendor_editor")],
      permission: "endpoint.edit",
      expected: { kind: "some", institutionIds: [], vendorCodes: ["enovation"] },
    },
    { name: "vendor editor may not report", memberships: [membershipFor("vendor_editor")], permission: "institution.report", expected: { kind: "none" } },
    { name: "viewer reads every endpoint", memberships: [membershipFor("programme_viewer")], permission: "endpoint.read", expected: { kind: "all" } },
    {
      name: "security officer reads the endpoints of the own institution",
      memberships: [membershipFor("security_officer")],
      permission: "endpoint.read",
      expected: { kind: "some", institutionIds: [HOME_ID], vendorCodes: [] },
    },
    {
      name: "vendor editor manages tokens for the vendor's institutions",
      memberships: [membershipFor("vendor_editor")],
      permission: "token.manage",
      expected: { kind: "some", institutionIds: [], vendorCodes: ["enovation"] },
    },
    { name: "institution editor manages no tokens", memberships: [membershipFor("institution_editor")], permission: "token.manage", expected: { kind: "none" } },
    { name: "viewer manages no tokens", memberships: [membershipFor("programme_viewer")], permission: "token.manage", expected: { kind: "none" } },
    {
      name: "several memberships combine, without duplicates",
      memberships: [
        membershipFor("institution_editor"),
        membershipFor("security_officer"),
        { role: "security_officer", institutionId: OTHER_ID, vendorCode: null },
        membershipFor("vendor_editor"),
        { role: "vendor_editor", institutionId: null, vendorCode: "founda" },
      ],
      permission: "institution.list",
      expected: { kind: "some", institutionIds: [HOME_ID, OTHER_ID], vendorCodes: ["enovation", "founda"] },
    },
    {
      name: "only granting memberships count",
      memberships: [membershipFor("institution_editor"), { role: "security_officer", institutionId: OTHER_ID, vendorCode: null }, membershipFor("vendor_editor")],
      permission: "institution.report",
      expected: { kind: "some", institutionIds: [HOME_ID], vendorCodes: [] },
    },
    {
      name: "a programme role next to an institution role means everything",
      memberships: [membershipFor("institution_editor"), membershipFor("programme_viewer")],
      permission: "institution.read",
      expected: { kind: "all" },
    },
    { name: "no memberships", memberships: [], permission: "institution.list", expected: { kind: "none" } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = institutionScope(actorWith(...c.memberships), c.permission);
      if (got.kind === "some" && c.expected.kind === "some") {
        assert.deepEqual({ ...got, institutionIds: [...got.institutionIds].sort(), vendorCodes: [...got.vendorCodes].sort() }, c.expected);
      } else {
        assert.deepEqual(got, c.expected);
      }
    });
  }
  test("no actor", () => assert.deepEqual(institutionScope(null, "institution.list"), { kind: "none" }));

  test("scope agrees with can() for every role and institution", () => {
    const inScope = (scope: ReturnType<typeof institutionScope>, inst: InstitutionRef) =>
      scope.kind === "all" ||
      (scope.kind === "some" && (scope.institutionIds.includes(inst.id) || (inst.vendorCode !== null && scope.vendorCodes.includes(inst.vendorCode))));
    for (const role of ROLES) {
      for (const permission of ["institution.list", "institution.read", "institution.report", "endpoint.edit", "endpoint.read", "token.manage", "toolkit.download", "financing.eligibility"] as Permission[]) {
        const actor = actorWith(membershipFor(role));
        const scope = institutionScope(actor, permission);
        for (const c of ["own", "other", "vendor", "unchosen"] as const) {
          assert.equal(inScope(scope, CONTEXTS[c]), can(actor, permission, CONTEXTS[c]), `${role} ${permission} ${c}`);
        }
      }
    }
  });
});

describe("primaryRole and homePath", () => {
  const cases: { roles: Role[]; primary: Role | null; home: string }[] = [
    { roles: ["programme_admin"], primary: "programme_admin", home: "/dashboard" },
    { roles: ["programme_viewer"], primary: "programme_viewer", home: "/dashboard" },
    // One institution: its own page, not a one-row register.
    { roles: ["institution_editor"], primary: "institution_editor", home: `/institutions/${HOME_ID}` },
    { roles: ["security_officer"], primary: "security_officer", home: `/institutions/${HOME_ID}` },
    { roles: ["vendor_editor"], primary: "vendor_editor", home: "/institutions" },
    { roles: ["programme_viewer", "programme_admin"], primary: "programme_admin", home: "/dashboard" },
    { roles: ["institution_editor", "programme_viewer"], primary: "programme_viewer", home: "/dashboard" },
    { roles: ["security_officer", "vendor_editor"], primary: "vendor_editor", home: "/institutions" },
    { roles: ["security_officer", "institution_editor"], primary: "institution_editor", home: `/institutions/${HOME_ID}` },
    { roles: [], primary: null, home: "/institutions" },
  ];
  for (const c of cases) {
    test(`[${c.roles.join(", ")}]`, () => {
      const actor = actorWith(...c.roles.map(membershipFor));
      assert.equal(primaryRole(actor), c.primary);
      assert.equal(homePath(actor), c.home);
    });
  }
});

test("homePath: an editor of two institutions lands on the register", () => {
  const two = actorWith({ role: "institution_editor", institutionId: HOME_ID, vendorCode: null }, { role: "security_officer", institutionId: OTHER_ID, vendorCode: null });
  assert.equal(homePath(two), "/institutions");
});

describe("isPublicPath", () => {
  const cases: [string, boolean][] = [
    ["/login", true],
    ["/login/", true],
    ["/forgot-password", true],
    ["/reset-password", true],
    ["/reset-password/abc", true],
    ["/accept-invite", true],
    ["/status", true],
    ["/fhir", true],
    ["/fhir/Endpoint", true],
    ["/fhir/metadata", true],
    ["/fhirx", false],
    ["/registry", false],
    ["/loginx", false],
    ["/login-as-admin", false],
    ["/", false],
    ["/dashboard", false],
    ["/institutions", false],
    ["/users", false],
    ["/audit", false],
    ["/admin/login", false],
    ["", false],
  ];
  for (const [path, expected] of cases) test(`${JSON.stringify(path)} → ${expected}`, () => assert.equal(isPublicPath(path), expected));
});
