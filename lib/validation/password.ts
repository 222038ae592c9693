/**
 * Password policy for sign-up, invitation acceptance and reset.
 *
 * Follows NIST SP 800-63B in spirit: length over composition rules, a deny-list of passwords
 * people actually pick, no password that contains the account's own name. Composition is
 * only refused where it is plainly weak (one character repeated, a short block repeated, a
 * keyboard-free run like 123456789012, only digits, or one character class below 16 chars).
 *
 * Issues are codes with message keys ("checks.password.*" in messages/*.json). Pure and
 * browser-safe, so the form can show the same messages before submit.
 */
import { z } from "zod";
import { encodeMessage, issue as zodIssue } from "./messages";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** Below this length a password in a single character class is refused; above it a passphrase is fine. */
export const PASSPHRASE_MIN_LENGTH = 16;

/** Every issue the policy can raise; each has a message "checks.password.<code>". */
export const PASSWORD_ISSUE_CODES = [
  "required",
  "too_short",
  "too_long",
  "repeated_character",
  "repeated_pattern",
  "sequence",
  "only_digits",
  "single_class",
  "common",
  "contains_email",
] as const;
export type PasswordIssueCode = (typeof PASSWORD_ISSUE_CODES)[number];

export type PasswordIssue = { code: PasswordIssueCode; key: string; params?: Record<string, string> };

/**
 * The ~100 passwords people choose most (international lists plus Dutch favourites). Compared
 * case-insensitively, after stripping trailing digits/symbols and undoing simple l33t
 * substitutions, so "Wachtwoord2026!" and "P@ssw0rd123" count as well.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  "123456", "password", "123456789", "12345678", "12345", "qwerty", "1234567", "111111", "1234567890",
  "123123", "abc123", "1234", "password1", "iloveyou", "1q2w3e4r", "000000", "qwerty123", "zaq12wsx",
  "dragon", "sunshine", "princess", "letmein", "654321", "monkey", "27653", "1qaz2wsx", "123321",
  "qwertyuiop", "superman", "asdfghjkl", "asdfghjkl;", "football", "baseball", "welcome", "admin",
  "administrator", "master", "shadow", "michael", "jennifer", "trustno1", "hello", "starwars",
  "passw0rd", "whatever", "freedom", "charlie", "login", "mustang", "access", "batman", "pokemon",
  "computer", "internet", "cheese", "flower", "hottie", "loveme", "zaq1zaq1", "1q2w3e4r5t",
  "1q2w3e4r5t6y", "qazwsx", "qwertyuiop[]", "azerty", "azertyuiop", "changeme", "default", "secret",
  "summer", "winter", "spring", "autumn", "soccer", "hockey", "killer", "jordan", "harley",
  "ranger", "buster", "thomas", "tigger", "robert", "daniel", "hunter", "maggie", "ginger",
  "matrix", "google", "samsung", "apple", "microsoft", "linkedin", "facebook", "abcdef", "abcd1234",
  "aa123456", "a1b2c3d4", "p@ssword", "passwort", "motdepasse",
  // Dutch
  "wachtwoord", "welkom", "welkom01", "geheim", "hallo", "hallo123", "voorjaar", "zomer", "herfst",
  "najaar", "nederland", "holland", "amsterdam", "rotterdam", "utrecht", "ajax", "feyenoord", "psv",
  "schatje", "liefje", "lekker", "voetbal", "ziekenhuis", "welkomwelkom", "wachtwoord01", "inloggen",
];

const commonSet = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/** Digits, punctuation and spaces: what people wrap around a word to "strengthen" it. */
const JUNK = /^[\d\W_]*$/u;

/**
 * True when the password is a listed one, possibly in l33t spelling, with nothing but digits
 * and symbols around it: "Welkom2026!", "2026Welkom!!", "P@ssw0rd123", "Trustno12026".
 */
function isCommon(password: string): boolean {
  const s = password.toLowerCase();
  if (commonSet.has(s)) return true;
  for (const c of commonSet) {
    if (c.length < 3 || c.length > s.length) continue;
    for (let at = 0; at + c.length <= s.length; at++) {
      if (!matchesAt(s, c, at)) continue;
      if (JUNK.test(s.slice(0, at)) && JUNK.test(s.slice(at + c.length))) return true;
    }
  }
  return false;
}

function matchesAt(s: string, word: string, at: number): boolean {
  for (let i = 0; i < word.length; i++) {
    const ch = s[at + i];
    if (ch !== word[i] && LEET[ch] !== word[i]) return false;
  }
  return true;
}

function codePoints(s: string): string[] {
  return [...s];
}

/** A short block (up to 6 characters) repeated to fill the whole password: "abcabcabcabc". */
function repeatedBlock(chars: string[]): string | null {
  for (let size = 1; size <= Math.min(6, Math.floor(chars.length / 2)); size++) {
    if (chars.length % size !== 0) continue;
    const block = chars.slice(0, size);
    if (chars.every((c, i) => c === block[i % size])) return block.join("");
  }
  return null;
}

/** Every character one step above (or below) the previous one: "abcdefghijkl", "123456789012". */
function isSequence(chars: string[]): boolean {
  if (chars.length < 3) return false;
  const step = (a: string, b: string) => {
    const ca = a.codePointAt(0)!;
    const cb = b.codePointAt(0)!;
    // Digit runs wrap: ...7890123...
    if (/\d/.test(a) && /\d/.test(b)) return ((cb - ca + 10) % 10 === 1 ? 1 : (ca - cb + 10) % 10 === 1 ? -1 : 0);
    return cb - ca === 1 ? 1 : ca - cb === 1 ? -1 : 0;
  };
  const first = step(chars[0].toLowerCase(), chars[1].toLowerCase());
  if (first === 0) return false;
  for (let i = 1; i < chars.length; i++) {
    if (step(chars[i - 1].toLowerCase(), chars[i].toLowerCase()) !== first) return false;
  }
  return true;
}

function characterClasses(chars: string[]): Set<"lower" | "upper" | "digit" | "other"> {
  const classes = new Set<"lower" | "upper" | "digit" | "other">();
  for (const c of chars) {
    if (/\p{Ll}/u.test(c)) classes.add("lower");
    else if (/\p{Lu}/u.test(c)) classes.add("upper");
    else if (/\p{Nd}/u.test(c)) classes.add("digit");
    else classes.add("other");
  }
  return classes;
}

/** The e-mail's local part and its longer pieces ("jan.de.vries+duo" -> "jan.de.vries", "vries"). */
function emailFragments(email: string): string[] {
  const local = email.normalize("NFKC").toLowerCase().split("@")[0]?.split("+")[0]?.trim() ?? "";
  const out = new Set<string>();
  if (local.length >= 3) out.add(local);
  for (const part of local.split(/[._-]+/)) if (part.length >= 4) out.add(part);
  return [...out];
}

const issue = (code: PasswordIssueCode, params?: Record<string, string>): PasswordIssue => ({
  code,
  key: `checks.password.${code}`,
  ...(params ? { params } : {}),
});

export type PasswordContext = {
  /** The account's e-mail address; its local part may not appear in the password. */
  email?: string | null;
};

/**
 * Every reason the password is refused, in the order a person should fix them; [] when it is
 * acceptable. Length counts characters as people see them (code points after NFC).
 */
export function checkPassword(password: string, context: PasswordContext = {}): PasswordIssue[] {
  if (typeof password !== "string" || password === "") {
    return [issue("required")];
  }
  const normalized = password.normalize("NFC");
  const chars = codePoints(normalized);
  const issues: PasswordIssue[] = [];

  if (chars.length < PASSWORD_MIN_LENGTH) {
    issues.push(issue("too_short", { min: String(PASSWORD_MIN_LENGTH), length: String(chars.length) }));
  }
  if (chars.length > PASSWORD_MAX_LENGTH) {
    issues.push(issue("too_long", { max: String(PASSWORD_MAX_LENGTH), length: String(chars.length) }));
    // Nothing else is worth saying about (or worth computing on) an oversized input.
    return issues;
  }

  const structural = checkStructure(chars);
  if (structural) issues.push(structural);

  if (isCommon(normalized) || (repeatedBlock(chars) !== null && isCommon(repeatedBlock(chars)!))) {
    issues.push(issue("common"));
  }

  const lower = normalized.toLowerCase();
  if (context.email && emailFragments(context.email).some((f) => lower.includes(f))) {
    issues.push(issue("contains_email"));
  }
  return issues;
}

/** At most one structural weakness: the most specific one. */
function checkStructure(chars: string[]): PasswordIssue | null {
  if (chars.length >= 2 && chars.every((c) => c === chars[0])) {
    return issue("repeated_character");
  }
  const block = repeatedBlock(chars);
  if (block !== null) {
    return issue("repeated_pattern", { block });
  }
  if (isSequence(chars)) {
    return issue("sequence");
  }
  const classes = characterClasses(chars);
  if (classes.size === 1 && classes.has("digit")) {
    return issue("only_digits");
  }
  if (classes.size === 1 && chars.length < PASSPHRASE_MIN_LENGTH) {
    return issue("single_class", { min: String(PASSPHRASE_MIN_LENGTH) });
  }
  return null;
}

export const isPasswordAcceptable = (password: string, context: PasswordContext = {}) =>
  checkPassword(password, context).length === 0;

/**
 * Adds the policy's issues to a zod context at `path`; for schemas that carry the e-mail in
 * the same object (sign-up), call it from their own superRefine.
 */
export function addPasswordIssues(ctx: z.RefinementCtx, password: string, context: PasswordContext, path: PropertyKey[]) {
  for (const i of checkPassword(password, context)) {
    ctx.addIssue(zodIssue(i, path));
  }
}

const passwordString = (missingKey: string) =>
  z.string({ error: (iss) => encodeMessage({ key: iss.input === undefined || iss.input === null ? missingKey : "checks.not_text" }) });

/**
 * "New password + confirmation" (reset, invitation). The e-mail is known on the server (from
 * the token) and on the page, so it is passed in rather than part of the form.
 */
export function makeNewPasswordSchema(context: PasswordContext = {}) {
  return z
    .object({
      password: passwordString("checks.password.required"),
      confirmation: passwordString("checks.password.confirmation_required"),
    })
    .superRefine((value, ctx) => {
      addPasswordIssues(ctx, value.password, context, ["password"]);
      if (value.confirmation === "") {
        ctx.addIssue(zodIssue({ code: "confirmation_required", key: "checks.password.confirmation_required" }, ["confirmation"]));
      } else if (value.password.normalize("NFC") !== value.confirmation.normalize("NFC")) {
        ctx.addIssue(zodIssue({ code: "confirmation_mismatch", key: "checks.password.confirmation_mismatch" }, ["confirmation"]));
      }
    });
}

export const newPasswordSchema = makeNewPasswordSchema();
export type NewPasswordInput = z.infer<typeof newPasswordSchema>;
