/**
 * `npm run demo:totp -- <email>`: the current two-step verification code of a DEMO account,
 * computed from the fixed demo secret in db/seed/demo-users.ts. It never reads the database, so
 * it cannot reveal the second factor of a real account (or of a demo account that enrolled anew).
 */
import { DEMO_USERS } from "@/db/seed/demo-users";
import { TOTP_PERIOD_SECONDS, totpCodeAt } from "@/lib/auth/totp";

const email = process.argv[2]?.trim().toLowerCase();
const withSecret = DEMO_USERS.filter((u) => u.totpSecret);
const user = withSecret.find((u) => u.email === email);
if (!user?.totpSecret) {
  console.error(email ? `No demo TOTP secret for ${email}.` : "Usage: npm run demo:totp -- <email>");
  console.error(`Demo accounts with two-step verification: ${withSecret.map((u) => u.email).join(", ")}`);
  process.exit(1);
}
const now = Date.now();
const left = TOTP_PERIOD_SECONDS - Math.floor(now / 1000) % TOTP_PERIOD_SECONDS;
console.log(totpCodeAt(user.totpSecret, now));
console.error(`(${user.email}: valid for another ${left} s, and accepted up to 30 s after that; each code works once)`);
