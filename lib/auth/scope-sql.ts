import { inArray, or, sql, type SQL } from "drizzle-orm";
import { institutions } from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";

/** The WHERE clause that limits institutions to a caller's scope (undefined = everything). */
export function institutionScopeWhere(scope: InstitutionScope): SQL | undefined {
  if (scope.kind === "all") return undefined;
  if (scope.kind === "none") return sql`false`;
  const parts: SQL[] = [];
  if (scope.institutionIds.length) parts.push(inArray(institutions.id, scope.institutionIds));
  if (scope.vendorCodes.length) parts.push(inArray(institutions.vendorCode, scope.vendorCodes));
  return parts.length ? or(...parts) : sql`false`;
}
