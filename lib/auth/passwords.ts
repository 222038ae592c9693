import bcrypt from "bcryptjs";

/** bcrypt cost 12 (~250 ms in pure JS): slow enough for guessing, fast enough for sign-in. */
const COST = 12;

export function hashPassword(plain: string) {
  return bcrypt.hash(plain, COST);
}

/** A fixed hash compared against when the account does not exist, so timing reveals nothing. */
const DUMMY_HASH = "$2b$12$vlgWQjpyJXKaw/CSsFIeeOFCW/Ps3QsJFmssTII.vN7sMhlM2lMSq";

export async function verifyPassword(plain: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(plain, hash ?? DUMMY_HASH);
  return Boolean(hash) && ok;
}
