"use server";
/**
 * Two-step verification for the signed-in user: enrolment (also reachable by a session that must
 * enrol before anything else), new recovery codes, switching it off.
 */
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import QRCode from "qrcode";
import { z } from "zod";
import { getDb } from "@/db/client";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { checkCodeForSignedInUser } from "@/lib/auth/login";
import { auditActor, requireEnrolmentActor, requireSignedIn } from "@/lib/auth/session";
import { confirmEnrolment, disableTwoFactor, regenerateRecoveryCodes, startEnrolment } from "@/lib/auth/two-factor";
import { groupSecret } from "@/lib/auth/totp";
import { runAction } from "@/lib/actions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const codeSchema = z.string().trim().max(20, "two_factor.code_format");

/** A new (or the unfinished) secret as a QR code (SVG, drawn on the server) and as text. */
export async function startEnrolmentAction() {
  return runAction(async () => {
    const { actor } = await requireEnrolmentActor();
    const { secret, uri } = await startEnrolment(getDb(), { actor: auditActor(actor), userId: actor.userId, email: actor.email });
    const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { qrSvg, secret: groupSecret(secret), account: actor.email };
  });
}

/** The first code from the app switches two-step verification on; the recovery codes are shown once. */
export async function confirmEnrolmentAction(code: string) {
  return runAction(async () => {
    const { actor } = await requireEnrolmentActor();
    const parsed = codeSchema.parse(code);
    // No revalidatePath here: the page must keep showing the recovery codes until they are saved.
    return confirmEnrolment(getDb(), { actor: auditActor(actor), userId: actor.userId, code: parsed, now: new Date() });
  });
}

export async function regenerateRecoveryCodesAction() {
  return runAction(async () => {
    const actor = await requireSignedIn();
    return regenerateRecoveryCodes(getDb(), { actor: auditActor(actor), userId: actor.userId });
  });
}

const REFUSALS = { invalid_code: "two_factor.code_invalid", code_replayed: "two_factor.code_replayed", invalid_recovery_code: "two_factor.recovery_invalid" } as const;

/** Switching it off takes a current code: a borrowed session alone cannot weaken the account. */
export async function disableTwoFactorAction(code: string) {
  return runAction(async () => {
    const actor = await requireSignedIn();
    const parsed = codeSchema.parse(code);
    if (!/^\d{6}$/.test(parsed.replace(/[\s-]/g, ""))) throw new AppError("validation", "two_factor.code_format", { code: ["two_factor.code_format"] });
    const db = getDb();
    const e = env();
    const check = await checkCodeForSignedInUser(db, {
      user: { id: actor.userId, email: actor.email },
      code: parsed,
      ip: clientIpFrom(await headers()),
      now: new Date(),
      config: { maxPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT, maxPerIp: e.LOGIN_MAX_FAILURES_PER_IP, windowMinutes: e.LOGIN_WINDOW_MINUTES },
    });
    if (!check.ok) {
      if (check.code === "rate_limited") {
        throw new AppError("rate_limited", `login.rate_limited_${check.scope}`, undefined, { minutes: String(check.retryAfterMinutes) });
      }
      throw new AppError("validation", REFUSALS[check.code], { code: [REFUSALS[check.code]] });
    }
    await disableTwoFactor(db, { actor: auditActor(actor), userId: actor.userId });
    revalidatePath("/account");
    return null;
  });
}
