import bcrypt from "bcryptjs";
import { env } from "@/lib/env";

/**
 * bcrypt at cost PASSWORD_HASH_COST (12 by default, ~250 ms in pure JS): slow enough for
 * guessing, fast enough for sign-in. A stored hash carries its own cost, so changing the setting
 * affects new hashes only. `npm test` uses 4 (tests/run.ts).
 */
export function hashPassword(plain: string) {
  return bcrypt.hash(plain, env().PASSWORD_HASH_COST);
}

/**
 * A hash compared against when the account does not exist, so timing reveals nothing: made once,
 * at the configured cost, like the hashes of real accounts.
 */
let dummy: { cost: number; hash: string } | undefined;
function dummyHash() {
  const cost = env().PASSWORD_HASH_COST;
  if (dummy?.cost !== cost) dummy = { cost, hash: bcrypt.hashSync("no such account", cost) };
  return dummy.hash;
}

export async function verifyPassword(plain: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(plain, hash ?? dummyHash());
  return Boolean(hash) && ok;
}
