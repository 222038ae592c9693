import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  COMMON_PASSWORDS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkPassword,
  isPasswordAcceptable,
  makeNewPasswordSchema,
  newPasswordSchema,
  PASSWORD_ISSUE_CODES,
  type PasswordIssue,
  type PasswordIssueCode,
} from "@/lib/validation/password";
import { translate } from "@/lib/i18n/messages";
import { messageText } from "@/lib/validation/messages";

const text = (i: PasswordIssue, locale: "nl" | "en" = "nl") => translate(locale, i.key, i.params);
const nl = (m: string) => messageText((k, v) => translate("nl", k, v), m);

const codes = (password: string, email?: string) => checkPassword(password, { email }).map((i) => i.code);

describe("checkPassword: table", () => {
  const cases: { password: string; email?: string; expect: PasswordIssueCode[] }[] = [
    // acceptable
    { password: "Paarse olifant fietst 7x", expect: [] },
    { password: "tulpen-regen-kompas-9", expect: [] },
    { password: "correcte paardenbatterij", expect: [] }, // one class, but a 16+ passphrase
    { password: "Zx8!qL2#vR5@", expect: [] }, // exactly 12
    { password: "Łódź-żółw-ĘĄ-2026", expect: [] },
    { password: "a".repeat(5) + "B7!x-mop-rq", expect: [] },
    // length
    { password: "", expect: ["required"] },
    { password: "Kort!9x", expect: ["too_short"] },
    { password: "Zx8!qL2#vR5", expect: ["too_short"] }, // 11
    { password: "x".repeat(PASSWORD_MAX_LENGTH + 1), expect: ["too_long"] },
    // structure
    { password: "aaaaaaaaaaaa", expect: ["repeated_character"] },
    { password: "############", expect: ["repeated_character"] },
    { password: "abcabcabcabc", expect: ["repeated_pattern"] },
    { password: "Ab1!Ab1!Ab1!", expect: ["repeated_pattern"] },
    { password: "121212121212", expect: ["repeated_pattern"] },
    { password: "abcdefghijkl", expect: ["sequence"] },
    { password: "ZYXWVUTSRQPO", expect: ["sequence"] },
    { password: "123456789012", expect: ["sequence", "common"] }, // "1234567890" + "12"
    { password: "987654321098", expect: ["sequence", "common"] }, // holds "654321"
    { password: "314159265358", expect: ["only_digits"] },
    { password: "31415926535897932384", expect: ["only_digits"] },
    { password: "zonnebloemen", expect: ["single_class"] },
    { password: "ZONNEBLOEMEN", expect: ["single_class"] },
    { password: "!@#$%^&*()_+", expect: ["single_class"] },
    // common, in their dressed-up variants
    { password: "wachtwoord", expect: ["too_short", "single_class", "common"] },
    { password: "Trustno12026", expect: ["common"] },
    { password: "1q2w3e4r2026", expect: ["common"] },
    { password: "mijnwachtwoordisgeheim", expect: [] }, // a listed word inside other words is fine
    { password: "Wachtwoord2026!", expect: ["common"] },
    { password: "WACHTWOORD123456", expect: ["common"] },
    { password: "P@ssw0rd2026!!", expect: ["common"] },
    { password: "Password1234", expect: ["common"] },
    { password: "qwertyuiop12", expect: ["common"] },
    { password: "welkomwelkom", expect: ["repeated_pattern", "common"] },
    { password: "2026Welkom!!", expect: ["common"] },
    { password: "Iloveyou2026", expect: ["common"] },
    // e-mail
    { password: "jan.de.vries-2026", email: "jan.de.vries@ziekenhuis.nl", expect: ["contains_email"] },
    { password: "Sterk!vries#2026", email: "Jan.de.Vries@ziekenhuis.nl", expect: ["contains_email"] },
    { password: "xX-PLEUNTJE-Xx-7", email: "pleuntje+duo@example.nl", expect: ["contains_email"] },
    { password: "Groene-appel-42!", email: "jan.de.vries@ziekenhuis.nl", expect: [] },
    { password: "Groene-jan-appel-42!", email: "jan.de.vries@ziekenhuis.nl", expect: [] }, // "jan" is too short to count alone
    { password: "Groene-appel-42!", email: undefined, expect: [] },
  ];

  for (const c of cases) {
    const label = c.password.length > 30 ? `${c.password.slice(0, 30)}… (${c.password.length})` : c.password;
    test(`${JSON.stringify(label)}${c.email ? ` (${c.email})` : ""} -> [${c.expect.join(", ")}]`, () => {
      assert.deepEqual(codes(c.password, c.email), c.expect);
    });
  }
});

describe("checkPassword: properties", () => {
  test("limits are 12 and 200 characters, counted as people see them", () => {
    assert.equal(PASSWORD_MIN_LENGTH, 12);
    assert.equal(PASSWORD_MAX_LENGTH, 200);
    // 12 characters but 24 UTF-16 code units when astral; and a decomposed é counts once.
    const astral = "Ab1🦊🐻🐼🐨🐯🦁🐮🐷🐸";
    assert.equal(astral.length, 21);
    assert.deepEqual(codes(astral), []);
    assert.deepEqual(codes("Ab1🦊🐻🐼🐨🐯🦁🐮🐷"), ["too_short"]);
    assert.deepEqual(codes("Cafe\u0301-olijf-9!"), []); // 12 after NFC
    assert.deepEqual(codes("Zx8!qL2#vR5@" + "k".repeat(188)), []); // 200
    assert.deepEqual(codes("Zx8!qL2#vR5@" + "k".repeat(189)), ["too_long"]);
  });

  test("every common password and its capitalised form is refused", () => {
    for (const p of COMMON_PASSWORDS) {
      const capitalised = p.charAt(0).toUpperCase() + p.slice(1);
      const padded = (s: string) => (s.length >= 12 ? s : s + "2026!".slice(0, Math.max(0, 12 - s.length)).padEnd(12 - s.length, "!"));
      for (const variant of [p, capitalised, p.toUpperCase(), padded(capitalised)]) {
        assert.ok(codes(variant).includes("common"), `${variant} should be refused as common`);
      }
    }
  });

  test("the list holds about a hundred entries, all lower-case and unique", () => {
    assert.ok(COMMON_PASSWORDS.length >= 100, `${COMMON_PASSWORDS.length}`);
    assert.equal(new Set(COMMON_PASSWORDS).size, COMMON_PASSWORDS.length);
    for (const p of COMMON_PASSWORDS) assert.equal(p, p.toLowerCase());
  });

  test("messages are specific, in Dutch and English", () => {
    const [short] = checkPassword("Kort!9x");
    assert.deepEqual(short, { code: "too_short", key: "checks.password.too_short", params: { min: "12", length: "7" } });
    assert.equal(text(short), "Het wachtwoord moet minstens 12 tekens lang zijn (nu 7)");
    assert.equal(text(short, "en"), "The password must be at least 12 characters long (got 7)");
    const [email] = checkPassword("Sterk!vries#2026", { email: "jan.de.vries@example.nl" });
    assert.equal(text(email), "Het wachtwoord mag (een deel van) het e-mailadres niet bevatten");
    const [pattern] = checkPassword("abcabcabcabc");
    assert.equal(text(pattern), 'Het wachtwoord is een herhaling van "abc"; kies iets zonder herhaald patroon');
    const [single] = checkPassword("olifantenpad");
    assert.equal(text(single), "Het wachtwoord bestaat uit één soort tekens (bijvoorbeeld alleen kleine letters). Meng letters, cijfers en leestekens, of kies een wachtzin van minstens 16 tekens");
  });

  test("every issue code has its message in both languages", () => {
    for (const code of PASSWORD_ISSUE_CODES) {
      for (const locale of ["nl", "en"] as const) assert.notEqual(translate(locale, `checks.password.${code}`, { min: "1", max: "1", length: "1", block: "x" }), translate(locale, "errors.validation"), `${locale} ${code}`);
    }
  });

  test("isPasswordAcceptable agrees with checkPassword", () => {
    assert.equal(isPasswordAcceptable("Paarse olifant fietst 7x"), true);
    assert.equal(isPasswordAcceptable("Wachtwoord2026!"), false);
    assert.equal(isPasswordAcceptable("Sterk!vries#2026", { email: "vries@example.nl" }), false);
  });
});

describe("new password + confirmation schema", () => {
  const issuesOf = (r: ReturnType<typeof newPasswordSchema.safeParse>) =>
    (r.success ? [] : r.error.issues).map((i) => ({
      path: i.path.join("."),
      message: nl(i.message),
      code: (i as { params?: { code?: string } }).params?.code,
    }));

  test("accepts a good, matching pair", () => {
    const r = newPasswordSchema.safeParse({ password: "Paarse olifant fietst 7x", confirmation: "Paarse olifant fietst 7x" });
    assert.equal(r.success, true);
  });

  test("mismatch is reported on the confirmation field", () => {
    const r = newPasswordSchema.safeParse({ password: "Paarse olifant fietst 7x", confirmation: "Paarse olifant fietst 8x" });
    assert.deepEqual(issuesOf(r), [{ path: "confirmation", message: "De wachtwoorden komen niet overeen", code: "confirmation_mismatch" }]);
  });

  test("empty confirmation asks to repeat the password", () => {
    const r = newPasswordSchema.safeParse({ password: "Paarse olifant fietst 7x", confirmation: "" });
    assert.deepEqual(issuesOf(r), [{ path: "confirmation", message: "Herhaal het wachtwoord", code: "confirmation_required" }]);
  });

  test("policy issues land on the password field, all of them", () => {
    const r = newPasswordSchema.safeParse({ password: "wachtwoord", confirmation: "wachtwoord" });
    assert.deepEqual(
      issuesOf(r).map((i) => [i.path, i.code]),
      [
        ["password", "too_short"],
        ["password", "single_class"],
        ["password", "common"],
      ],
    );
  });

  test("the e-mail passed in is enforced", () => {
    const schema = makeNewPasswordSchema({ email: "e.bakker@ziekenhuis-lindewaard.demo.test" });
    const r = schema.safeParse({ password: "bakker-zomer-42!", confirmation: "bakker-zomer-42!" });
    assert.deepEqual(issuesOf(r).map((i) => i.code), ["contains_email"]);
    assert.equal(schema.safeParse({ password: "Paarse olifant fietst 7x", confirmation: "Paarse olifant fietst 7x" }).success, true);
  });

  test("missing fields get Dutch messages", () => {
    const r = newPasswordSchema.safeParse({});
    assert.deepEqual(
      issuesOf(r).map((i) => [i.path, i.message]),
      [
        ["password", "Vul een wachtwoord in"],
        ["confirmation", "Herhaal het wachtwoord"],
      ],
    );
  });
});
