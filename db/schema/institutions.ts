import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const institutionKind = pgEnum("institution_kind", ["hospital", "umc", "diagnostic_centre", "clinic", "rehab"]);
export const contactRole = pgEnum("contact_role", ["project_lead", "ciso", "fg", "technical"]);

/** The three vendor infrastructures on the DUO network; vendors are identified by KvK. */
export const vendors = pgTable("vendors", {
  code: text("code").primaryKey(), // enovation | founda | alphatron
  name: text("name").notNull(),
  kvk: text("kvk").notNull().unique(),
  infrastructure: text("infrastructure").notNull(), // "xds" | "beeldtijdlijn"
});

export const institutions = pgTable(
  "institutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: institutionKind("kind").notNull(),
    ura: text("ura").notNull(),
    agb: text("agb"),
    kvk: text("kvk"),
    city: text("city").notNull(),
    province: text("province").notNull(),
    vendorCode: text("vendor_code").references(() => vendors.code),
    groupName: text("group_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("institutions_ura_key").on(t.ura),
    index("institutions_vendor_idx").on(t.vendorCode),
    index("institutions_name_idx").on(sql`lower(${t.name})`),
  ],
);

export const institutionContacts = pgTable(
  "institution_contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    role: contactRole("role").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    phone: text("phone"),
  },
  (t) => [uniqueIndex("institution_contacts_role_key").on(t.institutionId, t.role)],
);

export type Institution = typeof institutions.$inferSelect;
export type Vendor = typeof vendors.$inferSelect;
