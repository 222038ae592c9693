/**
 * The permission rules, as pure functions over an actor and a resource. lib/auth/session.ts
 * applies them to the signed-in user; every page, route handler and server action asks here
 * first. proxy.ts only redirects early and decides nothing.
 */
import type { Role } from "./roles";

export type ActorMembership = { role: Role; institutionId: string | null; vendorCode: string | null };

export type Actor = {
  userId: string;
  email: string;
  name: string;
  locale: string;
  memberships: ActorMembership[];
};

/** An institution as far as permissions care: its id and the vendor it chose. */
export type InstitutionRef = { id: string; vendorCode: string | null };

export type Permission =
  | "dashboard.view" // programme dashboards and programme-wide figures
  | "institution.list" // the institution register (scoped)
  | "institution.read" // one institution's workspace
  | "institution.report" // self-report onboarding steps
  | "institution.manage" // create/edit institutions, imports
  | "step.verify" // verify or reject reports
  | "endpoint.edit" // register and change endpoints
  | "endpoint.read" // the network registry and the FHIR directory (scoped)
  | "token.manage" // API tokens for /api/v1 and /fhir
  | "toolkit.download" // personalised toolkit documents (scoped)
  | "toolkit.acknowledge" // confirm "read version X" as CISO or FG (scoped)
  | "toolkit.overview" // who downloaded and acknowledged what, programme-wide
  | "toolkit.manage" // template versions: upload, publish
  | "financing.view" // programme-wide financing totals, forecast and CSV
  | "financing.manage" // edit, preview and publish financing rule set versions
  | "financing.eligibility" // one institution's own financing eligibility (scoped; not vendors)
  | "users.manage"
  | "audit.read"
  | "milestones.manage" // programme milestones (targets, dates) on the dashboard
  | "escalations.view" // the escalation register and the decision log
  | "escalations.manage" // add, edit and escalate escalations; record decisions
  | "announcements.manage" // compose announcements, preview their audience, publish, see who opened them
  | "events.view" // events (information sessions, webinars, working groups) for the caller's audience
  | "events.register" // register for an event, cancel a registration (own account)
  | "events.manage" // create, change and cancel events; attendee lists; working group documents
  | "questions.read" // question threads (scoped: an institution's own)
  | "questions.ask" // ask the programme office a question, reply in the own thread (scoped)
  | "questions.answer" // answer, assign and close questions; publish answers to the knowledge base
  | "kb.read" // the knowledge base (FAQ)
  | "kb.manage" // write and change knowledge-base articles
  | "golive.override" // override a closed go-live gate with a written reason (issue 17)
  | "golive.confirm" // confirm a cross-infrastructure exchange (who for whom: lib/golive/service.ts)
  | "exchange.report" // report monthly exchange volumes (the vendor's institutions)
  | "alerts.manage" // alert rules and their delivery log (which rules: lib/alerts/service.ts — programme-wide for admins, the own vendor or institution otherwise)
  | "status.post"; // incident posts and maintenance announcements on /status (which infrastructure: lib/status/service.ts)

const programmeOnly: Partial<Record<Permission, readonly Role[]>> = {
  "dashboard.view": ["programme_admin", "programme_viewer"],
  "institution.manage": ["programme_admin"],
  "step.verify": ["programme_admin"],
  "toolkit.manage": ["programme_admin"],
  "toolkit.overview": ["programme_admin", "programme_viewer"],
  "financing.view": ["programme_admin", "programme_viewer"],
  "financing.manage": ["programme_admin"],
  "users.manage": ["programme_admin"],
  "audit.read": ["programme_admin"],
  "milestones.manage": ["programme_admin"],
  "escalations.view": ["programme_admin", "programme_viewer"],
  "escalations.manage": ["programme_admin"],
  "announcements.manage": ["programme_admin"],
  "events.manage": ["programme_admin"],
  "questions.answer": ["programme_admin"],
  "kb.manage": ["programme_admin"],
  "golive.override": ["programme_admin"],
};

/** Which roles grant an institution-scoped permission, and through which scope. */
const scoped: Partial<Record<Permission, readonly Role[]>> = {
  "institution.list": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "institution.read": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "institution.report": ["programme_admin", "institution_editor"],
  "endpoint.edit": ["programme_admin", "institution_editor", "vendor_editor"],
  "endpoint.read": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "token.manage": ["programme_admin", "vendor_editor"],
  "toolkit.download": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "toolkit.acknowledge": ["security_officer"],
  "financing.eligibility": ["programme_admin", "programme_viewer", "institution_editor", "security_officer"],
  "events.view": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "events.register": ["institution_editor", "security_officer", "vendor_editor"],
  "questions.read": ["programme_admin", "programme_viewer", "institution_editor", "security_officer"],
  "questions.ask": ["institution_editor", "security_officer"],
  "kb.read": ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"],
  "golive.confirm": ["programme_admin", "institution_editor", "vendor_editor"],
  "exchange.report": ["programme_admin", "vendor_editor"],
  "status.post": ["programme_admin", "vendor_editor"],
  "alerts.manage": ["programme_admin", "institution_editor", "security_officer", "vendor_editor"],
};

export function hasRole(actor: Actor, ...roles: Role[]) {
  return actor.memberships.some((m) => roles.includes(m.role));
}

export function isProgramme(actor: Actor) {
  return hasRole(actor, "programme_admin", "programme_viewer");
}

function membershipCovers(m: ActorMembership, inst: InstitutionRef) {
  switch (m.role) {
    case "programme_admin":
    case "programme_viewer":
      return true;
    case "institution_editor":
    case "security_officer":
      return m.institutionId === inst.id;
    case "vendor_editor":
      return inst.vendorCode !== null && m.vendorCode === inst.vendorCode;
  }
}

/**
 * May the actor do this? Institution-scoped permissions need the institution; without one
 * the answer is "does any membership grant it somewhere" (used for navigation only).
 */
export function can(actor: Actor | null, permission: Permission, institution?: InstitutionRef): boolean {
  if (!actor) return false;
  const programmeRoles = programmeOnly[permission];
  if (programmeRoles) return actor.memberships.some((m) => programmeRoles.includes(m.role));
  const roles = scoped[permission] ?? [];
  return actor.memberships.some(
    (m) => roles.includes(m.role) && (institution ? membershipCovers(m, institution) : true),
  );
}

/** The set of institutions a permission reaches, for scoping queries. */
export type InstitutionScope =
  | { kind: "all" }
  | { kind: "some"; institutionIds: string[]; vendorCodes: string[] }
  | { kind: "none" };

export function institutionScope(actor: Actor | null, permission: Permission): InstitutionScope {
  if (!actor) return { kind: "none" };
  const roles = scoped[permission] ?? programmeOnly[permission] ?? [];
  const granting = actor.memberships.filter((m) => roles.includes(m.role));
  if (granting.some((m) => m.role === "programme_admin" || m.role === "programme_viewer")) return { kind: "all" };
  const institutionIds = [...new Set(granting.flatMap((m) => (m.institutionId ? [m.institutionId] : [])))];
  const vendorCodes = [...new Set(granting.flatMap((m) => (m.role === "vendor_editor" && m.vendorCode ? [m.vendorCode] : [])))];
  if (institutionIds.length === 0 && vendorCodes.length === 0) return { kind: "none" };
  return { kind: "some", institutionIds, vendorCodes };
}

const ROLE_RANK: Role[] = ["programme_admin", "programme_viewer", "vendor_editor", "institution_editor", "security_officer"];

/** The role that decides the home page and the label in the header. */
export function primaryRole(actor: Actor): Role | null {
  for (const r of ROLE_RANK) if (actor.memberships.some((m) => m.role === r)) return r;
  return null;
}

/**
 * Where `/` and a fresh sign-in land: the dashboard for the programme; an institution's own page
 * when the register would show just that one institution (an editor or CISO of one institution);
 * otherwise the register.
 */
export function homePath(actor: Actor): string {
  if (can(actor, "dashboard.view")) return "/dashboard";
  const scope = institutionScope(actor, "institution.list");
  if (scope.kind === "some" && scope.vendorCodes.length === 0 && scope.institutionIds.length === 1) return `/institutions/${scope.institutionIds[0]}`;
  return "/institutions";
}

/**
 * Paths proxy.ts never redirects to the login page; the real checks happen in the pages themselves.
 * /fhir answers for itself (a token or a session, else a 401 OperationOutcome); /metrics too (a token, else problem+json).
 */
export const PUBLIC_PATHS = ["/login", "/forgot-password", "/reset-password", "/accept-invite", "/status", "/status.json", "/fhir", "/metrics"];
export function isPublicPath(pathname: string) {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
