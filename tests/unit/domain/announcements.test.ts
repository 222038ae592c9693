import { test } from "node:test";
import assert from "node:assert/strict";
import { memberMatches, normaliseAudience, openedPercent, resolveAudience, type AnnouncementAudience, type AudienceMember } from "@/lib/domain/announcements";

const met = (agreements: boolean, mitz_connected: boolean, mitz_filled: boolean) => ({ agreements, mitz_connected, mitz_filled });
// Alphatron hospital in Utrecht, agreements done, not yet on Mitz.
const alphaEditor: AudienceMember = { userId: "u-alpha", role: "institution_editor", vendorCode: "alphatron", kind: "hospital", province: "NL-UT", phase: "mitz_connection", met: met(true, false, false) };
const alphaCiso: AudienceMember = { ...alphaEditor, userId: "u-alpha-ciso", role: "security_officer" };
// Alphatron clinic, already on Mitz.
const alphaConnected: AudienceMember = { userId: "u-alpha-2", role: "institution_editor", vendorCode: "alphatron", kind: "clinic", province: "NL-NH", phase: "mitz_filling", met: met(true, true, false) };
// Enovation hospital, not on Mitz.
const enoEditor: AudienceMember = { userId: "u-eno", role: "institution_editor", vendorCode: "enovation", kind: "hospital", province: "NL-UT", phase: "mitz_connection", met: met(true, false, false) };
const alphaVendor: AudienceMember = { userId: "u-vendor", role: "vendor_editor", vendorCode: "alphatron", kind: null, province: null, phase: null, met: null };
const admin: AudienceMember = { userId: "u-admin", role: "programme_admin", vendorCode: null, kind: null, province: null, phase: null, met: null };
const viewer: AudienceMember = { userId: "u-viewer", role: "programme_viewer", vendorCode: null, kind: null, province: null, phase: null, met: null };
// One person with two memberships: an editor at Enovation and a CISO at the Alphatron hospital.
const twoHats: AudienceMember[] = [
  { ...enoEditor, userId: "u-both" },
  { ...alphaCiso, userId: "u-both" },
];
const everyone = [alphaEditor, alphaCiso, alphaConnected, enoEditor, alphaVendor, admin, viewer, ...twoHats];

test("resolveAudience: filters combine with AND; each user once, sorted", () => {
  const table: [string, AnnouncementAudience, string[]][] = [
    ["no roles reaches nobody", { roles: [] }, []],
    ["one role, no filters", { roles: ["institution_editor"] }, ["u-alpha", "u-alpha-2", "u-both", "u-eno"]],
    ["programme roles", { roles: ["programme_admin", "programme_viewer"] }, ["u-admin", "u-viewer"]],
    ["the issue's example: Alphatron institutions not yet on Mitz", { roles: ["institution_editor", "security_officer"], vendor: "alphatron", unmet: "mitz_connected" }, ["u-alpha", "u-alpha-ciso", "u-both"]],
    ["vendor reaches its institutions and its own vendor editors", { roles: ["institution_editor", "vendor_editor"], vendor: "alphatron" }, ["u-alpha", "u-alpha-2", "u-vendor"]],
    ["a vendor filter leaves programme roles out", { roles: ["programme_admin", "institution_editor"], vendor: "enovation" }, ["u-both", "u-eno"]],
    ["institution facts leave vendor editors out", { roles: ["vendor_editor"], vendor: "alphatron", kind: "hospital" }, []],
    ["kind and province", { roles: ["institution_editor"], kind: "hospital", province: "NL-UT" }, ["u-alpha", "u-both", "u-eno"]],
    ["phase", { roles: ["institution_editor"], phase: "mitz_filling" }, ["u-alpha-2"]],
    ["unmet leaves programme roles out", { roles: ["programme_admin", "institution_editor"], unmet: "mitz_filled" }, ["u-alpha", "u-alpha-2", "u-both", "u-eno"]],
    ["unmet agreements: all have them", { roles: ["institution_editor"], unmet: "agreements" }, []],
    ["the membership must match the role too (CISO hat of u-both at Alphatron)", { roles: ["security_officer"], vendor: "alphatron" }, ["u-alpha-ciso", "u-both"]],
    ["empty strings mean any", { roles: ["programme_viewer"], vendor: "", kind: "", province: "", phase: "", unmet: "" }, ["u-viewer"]],
  ];
  for (const [name, audience, expected] of table) assert.deepEqual(resolveAudience(audience, everyone), expected, name);
});

test("memberMatches: an institution without readiness facts (met null) never passes an unmet filter", () => {
  assert.equal(memberMatches({ roles: ["institution_editor"], unmet: "mitz_connected" }, { ...alphaEditor, met: null }), false);
  assert.equal(memberMatches({ roles: ["institution_editor"], unmet: "mitz_connected" }, alphaEditor), true);
});

test("normaliseAudience drops empty filters and repeated roles", () => {
  assert.deepEqual(normaliseAudience({ roles: ["vendor_editor", "vendor_editor"], vendor: "founda", kind: "", phase: undefined }), { roles: ["vendor_editor"], vendor: "founda" });
});

test("openedPercent", () => {
  const table: [number, number, number][] = [
    [0, 0, 0],
    [0, 10, 0],
    [1, 3, 33],
    [2, 3, 67],
    [5, 5, 100],
  ];
  for (const [opened, total, expected] of table) assert.equal(openedPercent(opened, total), expected, `${opened}/${total}`);
});
