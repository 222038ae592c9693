/**
 * Demo data: the three vendors, 130 fictional institutions with contacts, and one account per
 * role. Idempotent: rows that exist (by URA, e-mail, unique keys) are left as they are, so a
 * second run changes nothing and a changed demo password is not reset.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { institutionContacts, institutions, memberships, onboardingSteps, programmeMilestones, users } from "@/db/schema";
import { recordAudit, systemActor } from "@/lib/audit";
import { envValue } from "@/lib/env";
import { hashPassword } from "@/lib/auth/passwords";
import { enrolWithKnownSecret } from "@/lib/auth/two-factor";
import { syncReferenceData } from "@/lib/database";
import { DEMO_INSTITUTIONS } from "./institutions-data";
import { DEMO_USERS } from "./demo-users";
import { seedDemoAvailability } from "./availability";
import { seedDemoOnboarding } from "./onboarding";
import { seedDemoEndpoints } from "./endpoints";
import { seedDemoToolkit } from "./toolkit";
import { seedDemoGoLive } from "./golive";
import { seedDemoKnowledge } from "./knowledge";
import { seedDemoEvents } from "./events";
import { DEMO_HOME_INSTITUTION } from "./demo-users";
import { ensureDefaultFinancingRuleSets } from "@/lib/financing/rule-sets";


export async function seedDemoData(db: Db): Promise<{ institutions: number; users: number }> {
  await syncReferenceData(db);
  // The financing proposal (DOMAIN.md) as published version 1, when no version exists yet.
  await ensureDefaultFinancingRuleSets(db);
  // Hash outside the transaction: bcrypt is slow and needs no lock.
  const [existingUsers] = await Promise.all([db.select({ email: users.email }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)))]);
  const missing = DEMO_USERS.filter((u) => !existingUsers.some((e) => e.email === u.email));
  const hashes = new Map(await Promise.all(missing.map(async (u) => [u.email, await hashPassword(u.password)] as const)));

  const canSealSecrets = envValue("AUTH_SECRET") !== undefined;
  if (!canSealSecrets) console.warn("• Demo seed: AUTH_SECRET is not set, so the demo accounts are not enrolled in two-step verification.");

  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(institutions)
      .values(
        DEMO_INSTITUTIONS.map((d) => ({
          name: d.name,
          kind: d.kind,
          ura: d.ura,
          agb: d.agb,
          kvk: d.kvk,
          city: d.city,
          province: d.province,
          vendorCode: d.vendor,
          groupName: d.groupName,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: institutions.id, ura: institutions.ura });

    const all = await tx.select({ id: institutions.id, ura: institutions.ura }).from(institutions).where(inArray(institutions.ura, DEMO_INSTITUTIONS.map((d) => d.ura)));
    const idByUra = new Map(all.map((r) => [r.ura, r.id]));
    const newIds = new Set(inserted.map((r) => r.id));
    const contacts = DEMO_INSTITUTIONS.flatMap((d) => {
      const id = idByUra.get(d.ura)!;
      if (!newIds.has(id)) return [];
      return d.contacts.map((c) => ({ institutionId: id, role: c.role, name: c.name, email: c.email, phone: c.phone }));
    });
    if (contacts.length) await tx.insert(institutionContacts).values(contacts).onConflictDoNothing();

    let createdUsers = 0;
    for (const u of DEMO_USERS) {
      let [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, u.email));
      if (!row) {
        [row] = await tx.insert(users).values({ email: u.email, name: u.name, passwordHash: hashes.get(u.email)! }).returning({ id: users.id });
        createdUsers++;
      }
      // Demo accounts whose role requires two-step verification come enrolled with their published
      // secret (demo-users.ts), unless they have a second factor already. Sealing needs AUTH_SECRET.
      if (u.totpSecret && canSealSecrets) await enrolWithKnownSecret(tx, { userId: row.id, secret: u.totpSecret, now: new Date() });
      const institutionId = u.institution !== undefined ? idByUra.get(DEMO_INSTITUTIONS[u.institution].ura)! : null;
      const existing = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, row.id), eq(memberships.role, u.role)));
      if (existing.length === 0) {
        await tx.insert(memberships).values({ userId: row.id, role: u.role, institutionId, vendorCode: u.vendorCode ?? null });
      }
    }

    const userIds = new Map((await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)))).map((u) => [u.email, u.id]));
    const admin = DEMO_USERS.find((u) => u.role === "programme_admin")!;
    const editorByUra = new Map(
      DEMO_USERS.filter((u) => u.role === "institution_editor" && u.institution !== undefined).map((u) => [DEMO_INSTITUTIONS[u.institution!].ura, { userId: userIds.get(u.email)!, label: u.email }]),
    );
    const histories = await seedDemoOnboarding(tx, {
      institutions: DEMO_INSTITUTIONS,
      programmeActor: { userId: userIds.get(admin.email)!, label: admin.email },
      editorByUra,
    });

    await markFirstMilestoneFromHistory(tx);

    const seededEndpoints = await seedDemoEndpoints(tx, { institutions: DEMO_INSTITUTIONS, homeIndex: DEMO_HOME_INSTITUTION });
    // Issue 15 §2: frozen months for the demo endpoints, so availability pages and reports are not empty.
    const seededMonths = await seedDemoAvailability(tx, new Date());

    // Issue 17: the live institutions' go-live evidence (after the endpoints and their months).
    const seededGoLive = await seedDemoGoLive(tx, { institutions: DEMO_INSTITUTIONS, now: new Date(), adminLabel: admin.email });

    const cisoUser = DEMO_USERS.find((u) => u.role === "security_officer");
    const seededToolkit = await seedDemoToolkit(tx, {
      adminUserId: userIds.get(admin.email)!,
      homeInstitutionId: idByUra.get(DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura) ?? null,
      ciso: cisoUser ? { userId: userIds.get(cisoUser.email)!, email: cisoUser.email, name: cisoUser.name } : null,
    });

    const editor = DEMO_USERS.find((u) => u.role === "institution_editor" && u.institution === DEMO_HOME_INSTITUTION);
    const seededKnowledge = await seedDemoKnowledge(tx, {
      homeInstitutionId: idByUra.get(DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura) ?? null,
      askerId: editor ? userIds.get(editor.email)! : null,
      asker: editor?.name ?? "",
      answererId: userIds.get(admin.email)!,
      answerer: admin.name,
    });

    // Issue 18 §3: a full information session with a waiting list, a working group with a document, a webinar.
    const person = (u: (typeof DEMO_USERS)[number] | undefined) =>
      u ? { userId: userIds.get(u.email)!, institutionId: u.institution !== undefined ? (idByUra.get(DEMO_INSTITUTIONS[u.institution].ura) ?? null) : null } : null;
    const seededEvents = await seedDemoEvents(tx, {
      now: new Date(),
      adminId: userIds.get(admin.email)!,
      editor: person(editor),
      otherEditor: person(DEMO_USERS.find((u) => u.role === "institution_editor" && u.institution !== DEMO_HOME_INSTITUTION)),
      ciso: person(cisoUser),
      vendor: person(DEMO_USERS.find((u) => u.role === "vendor_editor")),
    });

    if (inserted.length || createdUsers || histories || seededEndpoints || seededToolkit || seededMonths || seededGoLive || seededKnowledge || seededEvents) {
      await recordAudit(tx, {
        actor: systemActor,
        action: "seed.demo",
        entityType: "system",
        after: { institutions: inserted.length, contacts: contacts.length, users: createdUsers, onboardingHistories: histories },
      });
    }
    return { institutions: inserted.length, users: createdUsers };
  });
}

/**
 * The first milestone ("DUO part of the Enovation and Founda services") is a manual one. In the
 * demo, XDS institutions test DUO from December 2025, so the service was delivered on the day the
 * first of them verified its DUO connection test: record that day, unless the office already did.
 */
async function markFirstMilestoneFromHistory(tx: Tx) {
  const [first] = await tx
    .select({ on: sql<string | null>`min(${onboardingSteps.completedOn})` })
    .from(onboardingSteps)
    .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
    .where(and(eq(onboardingSteps.stepCode, "duo_connection_tested"), eq(onboardingSteps.state, "verified"), inArray(institutions.vendorCode, ["enovation", "founda"])));
  if (!first?.on) return;
  await tx
    .update(programmeMilestones)
    .set({ achievedOn: first.on })
    .where(and(eq(programmeMilestones.code, "duo_in_xds_services"), isNull(programmeMilestones.achievedOn)));
}

export { DEMO_USERS };
