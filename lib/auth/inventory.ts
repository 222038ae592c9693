/**
 * The authorization matrix: every page, route handler, server action and API operation of the
 * portal, with the permission that gates it and the roles that get through. Pure data.
 *
 * The allowed roles are derived from the policy (rolesWith), so the matrix cannot drift from
 * lib/auth/policy.ts; what it adds is the claim "this entry is gated by that permission", which
 * two tests hold the code to:
 * - tests/unit/auth/inventory.test.ts scans app/ and fails on any page, route, HTTP method or
 *   server action missing here (or listed here but gone), and on a source file that does not
 *   mention the permission claimed for it;
 * - tests/e2e/authz-matrix.spec.ts walks every entry as every role, anonymously, with a forged
 *   cookie and against another institution, and fails when anything is reachable that should not be.
 *
 * Adding a page, route or action? Add it here with its permission; the unit test says what is missing.
 */
import { can, type Actor, type Permission } from "./policy";
import { ROLES, type Role } from "./roles";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The roles a permission reaches somewhere (for institution-scoped ones: in their own scope). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => {
    const actor: Actor = { userId: "inventory", email: "inventory@example.test", name: "inventory", locale: "nl", memberships: [{ role, institutionId: null, vendorCode: null }] };
    return can(actor, permission);
  });
}

/**
 * Who gets through:
 * - `permission`: the permission the entry asks first; `allow` = rolesWith(permission);
 * - `signedIn`: any signed-in user (the entry only touches the caller's own account);
 * - `public`: no sign-in; `why` says what protects it instead (a one-time token, aggregates only, …).
 * `scope: "institution"` — the entry is about one institution (or its endpoint, evidence, toolkit):
 * an allowed role gets through only for institutions in its scope (own institution; a vendor
 * editor: the institutions that chose its vendor); elsewhere the answer is "not found", never
 * "forbidden", so an outsider cannot learn what exists.
 */
type Access =
  | { permission: Permission; allow: readonly Role[]; scope?: "institution"; signedIn?: never; public?: never; why?: string }
  | { signedIn: true; allow: readonly Role[]; permission?: never; scope?: never; public?: never; why?: string }
  | { public: true; allow: readonly Role[]; why: string; permission?: never; scope?: never; signedIn?: never };

/** Where the permission check lives when the entry's own file delegates it. */
type GateFile = { gateFile?: string };

/** A page that may send an allowed caller on (to a path starting with this) instead of answering 200. */
type Redirects = { allowedRedirect?: string };

export type PageEntry = Access & GateFile & Redirects & { kind: "page"; /** route pattern, route groups left out */ path: string };
export type RouteEntry = Access & GateFile & { kind: "route"; path: string; methods: readonly HttpMethod[] };
export type ActionEntry = Access &
  GateFile & {
    kind: "action";
    /** the "use server" module, relative to the repository root */
    file: string;
    /** its exported function */
    name: string;
    /**
     * Calling it even with no or invalid input changes something (it takes no input, or sends a
     * mail, or ends the caller's session): the matrix test only checks that it is refused to
     * everyone else, never calls it as an allowed role.
     */
    sideEffectWithoutInput?: string;
  };

/** Token scopes of /api/v1 and /fhir (lib/registry/principal.ts). */
export const TOKEN_SCOPES = ["programme", "institution", "vendor"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * One operation behind the catch-all API handlers (/api/v1/[...path], /fhir/[[...path]]):
 * which API tokens may call it, and whether a signed-in session also counts (FHIR only).
 */
export type ApiOperation = {
  kind: "api";
  method: HttpMethod;
  path: string;
  public?: true;
  tokens: readonly TokenScope[];
  /** the permission a session needs instead of a token (FHIR); absent: tokens only */
  sessionPermission?: Permission;
  scope?: "institution";
  why?: string;
  sideEffectWithoutInput?: string;
};

export type InventoryEntry = PageEntry | RouteEntry | ActionEntry;

const everyone: readonly Role[] = ROLES;
const publicAccess = (why: string) => ({ public: true as const, allow: everyone, why });
const gate = (permission: Permission, scope?: "institution") => ({ permission, allow: rolesWith(permission), ...(scope ? { scope } : {}) });

export const PAGES: readonly PageEntry[] = [
  // Programme administration
  { kind: "page", path: "/admin/audit", ...gate("audit.read") },
  { kind: "page", path: "/admin/imports", ...gate("institution.manage") },
  { kind: "page", path: "/admin/institutions/new", ...gate("institution.manage") },
  { kind: "page", path: "/admin/institutions/[id]/edit", ...gate("institution.manage") },
  { kind: "page", path: "/admin/milestones", ...gate("milestones.manage") },
  { kind: "page", path: "/admin/templates", ...gate("toolkit.manage") },
  { kind: "page", path: "/admin/templates/[type]", ...gate("toolkit.manage") },
  { kind: "page", path: "/admin/users", ...gate("users.manage") },
  // The portal
  { kind: "page", path: "/account", signedIn: true, allow: everyone, why: "the signed-in user's own account and sessions" },
  { kind: "page", path: "/dashboard", ...gate("dashboard.view") },
  { kind: "page", path: "/dashboard/attention", ...gate("dashboard.view") },
  { kind: "page", path: "/dashboard/network", ...gate("dashboard.view") },
  { kind: "page", path: "/financing", ...gate("financing.view") },
  { kind: "page", path: "/escalations", ...gate("escalations.view") },
  { kind: "page", path: "/escalations/[id]", ...gate("escalations.view") },
  { kind: "page", path: "/questions", ...gate("questions.read"), why: "the list itself is limited to the caller's institutions" },
  { kind: "page", path: "/questions/[id]", ...gate("questions.read"), why: "a question of an institution outside the caller's scope is not found (404)" },
  { kind: "page", path: "/events", ...gate("events.view"), why: "the list itself is limited to the events whose audience the caller is in (or registered for)" },
  { kind: "page", path: "/events/new", ...gate("events.manage") },
  { kind: "page", path: "/events/[id]", ...gate("events.view"), why: "an event outside the caller's audience is not found (404)" },
  { kind: "page", path: "/events/[id]/edit", ...gate("events.manage") },
  { kind: "page", path: "/kb", ...gate("kb.read") },
  { kind: "page", path: "/kb/[id]", ...gate("kb.read") },
  { kind: "page", path: "/notifications", signedIn: true, allow: everyone, why: "the signed-in user's own notifications" },
  {
    kind: "page",
    path: "/notifications/[id]",
    signedIn: true,
    allow: everyone,
    why: "follows the caller's own notification (marks it read) to its page; any other id leads to the caller's list",
    allowedRedirect: "/notifications",
  },
  { kind: "page", path: "/account/notifications", signedIn: true, allow: everyone, why: "the signed-in user's own notification preferences" },
  { kind: "page", path: "/announcements", ...gate("announcements.manage") },
  {
    kind: "page",
    path: "/announcements/[id]",
    signedIn: true,
    allow: everyone,
    why: "a recipient's own copy; the whole announcement with its audience only with announcements.manage; anyone else is led to their own notifications",
    allowedRedirect: "/notifications",
  },
  { kind: "page", path: "/financing/rules", ...gate("financing.view") },
  { kind: "page", path: "/financing/rules/[id]", ...gate("financing.view"), why: "a draft rule set is shown only with financing.manage (404 otherwise)" },
  { kind: "page", path: "/institutions", ...gate("institution.list"), why: "the list itself is limited to the caller's scope" },
  { kind: "page", path: "/institutions/[id]", ...gate("institution.read", "institution") },
  { kind: "page", path: "/institutions/[id]/steps/[code]", ...gate("institution.read", "institution") },
  { kind: "page", path: "/registry", ...gate("endpoint.read"), why: "the list itself is limited to the caller's scope" },
  { kind: "page", path: "/registry/new", ...gate("endpoint.edit") },
  { kind: "page", path: "/registry/certificates", ...gate("endpoint.read"), why: "the list itself is limited to the caller's scope" },
  { kind: "page", path: "/registry/tokens", ...gate("token.manage") },
  { kind: "page", path: "/registry/volumes", ...gate("exchange.report"), why: "vendor editors report for their vendor's institutions only (checked per row in lib/golive/volumes.ts)" },
  { kind: "page", path: "/registry/[id]", ...gate("endpoint.read", "institution") },
  { kind: "page", path: "/registry/[id]/edit", ...gate("endpoint.edit", "institution") },
  { kind: "page", path: "/registry/[id]/checks/[resultId]", ...gate("endpoint.read", "institution") },
  { kind: "page", path: "/review", ...gate("step.verify") },
  { kind: "page", path: "/status/manage", ...gate("status.post"), why: "vendor editors see and post for their own vendor's infrastructure only" },
  { kind: "page", path: "/alerts", ...gate("alerts.manage"), why: "lists and changes only the rules within the caller's reach (lib/alerts/reach.ts): programme-wide for admins, the own vendor or institution otherwise; ?edit of another rule is not found" },
  { kind: "page", path: "/alerts/deliveries", ...gate("alerts.manage"), why: "only deliveries of rules within the caller's reach; the built-in ones for programme admins only" },
  { kind: "page", path: "/toolkit", ...gate("toolkit.download"), why: "someone with a single institution is sent on to its toolkit", allowedRedirect: "/toolkit/" },
  { kind: "page", path: "/toolkit/overview", ...gate("toolkit.overview") },
  { kind: "page", path: "/toolkit/[id]", ...gate("toolkit.download", "institution") },
  { kind: "page", path: "/toolkit/[id]/intake", ...gate("institution.report", "institution") },
  // Public
  { kind: "page", path: "/", ...publicAccess("redirects to the sign-in page or the caller's home page") },
  { kind: "page", path: "/login", ...publicAccess("the sign-in itself") },
  { kind: "page", path: "/forgot-password", ...publicAccess("asks for an e-mail address; answers the same whether it exists or not") },
  { kind: "page", path: "/reset-password/[token]", ...publicAccess("the one-time reset token is the permission") },
  { kind: "page", path: "/accept-invite/[token]", ...publicAccess("the one-time invitation token is the permission") },
  { kind: "page", path: "/status", ...publicAccess("network status as aggregates only: no URLs, certificates or single institutions") },
  { kind: "page", path: "/status/incidents", ...publicAccess("resolved incidents and past maintenance that the status page showed anyway") },
  { kind: "page", path: "/status/incidents/[id]", ...publicAccess("one incident post as the status page shows it") },
  { kind: "page", path: "/status/subscribe", ...publicAccess("anyone may subscribe to status updates; double opt-in") },
  { kind: "page", path: "/status/subscriptions/[id]/confirm", ...publicAccess("the HMAC token in the link is the permission; opening changes nothing") },
  { kind: "page", path: "/status/subscriptions/[id]/unsubscribe", ...publicAccess("the HMAC token in the link is the permission; opening changes nothing") },
  {
    kind: "page",
    path: "/two-factor/setup",
    signedIn: true,
    allow: everyone,
    why: "the one page a session reaches while its second factor still has to be set up; others are sent on to /account",
    allowedRedirect: "/account",
  },
];

export const ROUTES: readonly RouteEntry[] = [
  { kind: "route", path: "/admin/templates/preview/[templateId]", methods: ["GET"], ...gate("toolkit.manage") },
  { kind: "route", path: "/admin/imports/commit", methods: ["POST"], ...gate("institution.manage") },
  { kind: "route", path: "/dashboard/export", methods: ["GET"], ...gate("dashboard.view") },
  { kind: "route", path: "/dashboard/report", methods: ["GET"], ...gate("dashboard.view") },
  { kind: "route", path: "/registry/availability/report", methods: ["GET"], ...gate("endpoint.read"), why: "the report covers the caller's scope; the whole programme only for a caller who sees everything" },
  { kind: "route", path: "/financing/export", methods: ["GET"], ...gate("financing.view") },
  { kind: "route", path: "/escalations/export", methods: ["GET"], ...gate("escalations.view") },
  { kind: "route", path: "/institutions/export", methods: ["GET"], ...gate("institution.list"), why: "exports only the caller's scope" },
  { kind: "route", path: "/registry/certificates/export", methods: ["GET"], ...gate("endpoint.read"), why: "exports only the caller's scope" },
  { kind: "route", path: "/events/[id]/calendar.ics", methods: ["GET"], ...gate("events.view"), why: "an event outside the caller's audience is not found (404)" },
  { kind: "route", path: "/events/[id]/attendees.csv", methods: ["GET"], ...gate("events.manage") },
  { kind: "route", path: "/events/[id]/documents/[documentId]", methods: ["GET"], ...gate("events.view"), why: "only documents of an event the caller may see; others are not found (404)" },
  { kind: "route", path: "/toolkit/overview/export", methods: ["GET"], ...gate("toolkit.overview") },
  { kind: "route", path: "/toolkit/[id]/documents/[type]", methods: ["GET"], ...gate("toolkit.download", "institution") },
  { kind: "route", path: "/toolkit/[id]/pack", methods: ["GET"], ...gate("toolkit.download", "institution") },
  { kind: "route", path: "/api/evidence/[id]", methods: ["GET"], ...gate("institution.read", "institution") },
  { kind: "route", path: "/api/session", methods: ["GET", "POST"], signedIn: true, allow: everyone, why: "the caller's own session: time left (GET), stay signed in (POST)" },
  { kind: "route", path: "/api/auth/[...nextauth]", methods: ["GET", "POST"], ...publicAccess("next-auth's own endpoints: csrf token, session, sign-in callback, sign-out") },
  { kind: "route", path: "/api/health", methods: ["GET"], ...publicAccess("liveness: answers only \"ok\"") },
  { kind: "route", path: "/status.json", methods: ["GET"], ...publicAccess("network status as aggregates only: no URLs, certificates or single institutions") },
  { kind: "route", path: "/status/feed.atom", methods: ["GET"], ...publicAccess("incident posts and maintenance announcements that the status page shows anyway") },
  { kind: "route", path: "/api/ready", methods: ["GET"], ...publicAccess("readiness for a load balancer: states and counts only") },
  {
    kind: "route",
    path: "/api/v1/[...path]",
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    ...publicAccess("API tokens only (a session does not count); each operation is listed in API_OPERATIONS"),
    gateFile: "lib/api/v1.ts",
  },
  {
    kind: "route",
    path: "/fhir/[[...path]]",
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    ...publicAccess("an API token or a session with endpoint.read; each operation is listed in API_OPERATIONS; writes are 405"),
    gateFile: "lib/fhir/handler.ts",
  },
  {
    kind: "route",
    path: "/metrics",
    methods: ["GET"],
    ...publicAccess("Prometheus: API tokens with the metrics permission only, limited to the token's scope"),
    gateFile: "lib/api/metrics.ts",
  },
];

const A = (file: string, name: string, access: Access & GateFile & { sideEffectWithoutInput?: string }): ActionEntry => ({ kind: "action", file, name, ...access });

export const ACTIONS: readonly ActionEntry[] = [
  A("app/(admin)/admin/imports/actions.ts", "previewImportAction", gate("institution.manage")),
  A("app/(admin)/admin/institutions/actions.ts", "createInstitutionAction", gate("institution.manage")),
  A("app/(admin)/admin/institutions/actions.ts", "updateInstitutionAction", gate("institution.manage")),
  A("app/(admin)/admin/milestones/actions.ts", "updateMilestoneAction", gate("milestones.manage")),
  A("app/(admin)/admin/milestones/actions.ts", "createMilestoneAction", gate("milestones.manage")),
  A("app/(admin)/admin/milestones/actions.ts", "removeMilestoneAction", gate("milestones.manage")),
  A("app/(portal)/questions/actions.ts", "askQuestionAction", gate("questions.ask", "institution")),
  A("app/(portal)/questions/actions.ts", "replyAction", { ...gate("questions.read"), why: "the question's institution is the gate's scope; asking (institution) or answering (programme admin) is checked again in lib/questions/service.ts" }),
  A("app/(portal)/questions/actions.ts", "assignQuestionAction", { ...gate("questions.answer"), why: "the question's institution is the gate's scope" }),
  A("app/(portal)/questions/actions.ts", "closeQuestionAction", { ...gate("questions.answer"), why: "the question's institution is the gate's scope", sideEffectWithoutInput: "closes the question (its only input is the question)" }),
  A("app/(portal)/questions/actions.ts", "saveArticleAction", gate("kb.manage")),
  A("app/(portal)/events/actions.ts", "saveEventAction", gate("events.manage")),
  A("app/(portal)/events/actions.ts", "cancelEventAction", gate("events.manage")),
  A("app/(portal)/events/actions.ts", "registerForEventAction", { ...gate("events.register"), why: "the caller's own registration; an event outside the caller's audience is not found (lib/events/service.ts)" }),
  A("app/(portal)/events/actions.ts", "cancelRegistrationAction", { ...gate("events.register"), why: "the caller's own registration only" }),
  A("app/(portal)/events/actions.ts", "addEventDocumentAction", gate("events.manage")),
  A("app/(admin)/admin/templates/actions.ts", "createVersionAction", gate("toolkit.manage")),
  A("app/(admin)/admin/templates/actions.ts", "publishVersionAction", gate("toolkit.manage")),
  A("app/(admin)/admin/users/actions.ts", "inviteUserAction", gate("users.manage")),
  A("app/(admin)/admin/users/actions.ts", "revokeInvitationAction", gate("users.manage")),
  A("app/(admin)/admin/users/actions.ts", "setUserDisabledAction", gate("users.manage")),
  A("app/(admin)/admin/users/actions.ts", "resetTwoFactorAction", gate("users.manage")),
  A("app/(portal)/account/actions.ts", "requestPasswordChangeAction", { signedIn: true, allow: everyone, sideEffectWithoutInput: "mails a password-reset link to the caller" }),
  A("app/(portal)/account/actions.ts", "signOutEverywhereAction", { signedIn: true, allow: everyone, sideEffectWithoutInput: "ends the caller's sessions" }),
  A("app/(portal)/account/sessions/actions.ts", "revokeSessionAction", { signedIn: true, allow: everyone, why: "only the caller's own sessions; another user's session is \"not found\"" }),
  A("app/(portal)/account/two-factor/actions.ts", "startEnrolmentAction", {
    signedIn: true,
    allow: everyone,
    why: "also open to a session that still has to enrol its second factor",
    sideEffectWithoutInput: "takes no input: starts an enrolment with a new secret",
  }),
  A("app/(portal)/account/two-factor/actions.ts", "confirmEnrolmentAction", { signedIn: true, allow: everyone, why: "also open to a session that still has to enrol its second factor" }),
  A("app/(portal)/account/two-factor/actions.ts", "regenerateRecoveryCodesAction", { signedIn: true, allow: everyone, sideEffectWithoutInput: "takes no input: replaces the caller's recovery codes" }),
  A("app/(portal)/account/two-factor/actions.ts", "disableTwoFactorAction", { signedIn: true, allow: everyone, why: "needs a current code as well" }),
  A("app/(portal)/notifications/actions.ts", "markNotificationReadAction", { signedIn: true, allow: everyone, why: "only the caller's own notifications" }),
  A("app/(portal)/notifications/actions.ts", "markNotificationUnreadAction", { signedIn: true, allow: everyone, why: "only the caller's own notifications" }),
  A("app/(portal)/notifications/actions.ts", "markAllNotificationsReadAction", { signedIn: true, allow: everyone, sideEffectWithoutInput: "takes no input: marks all of the caller's notifications read" }),
  A("app/(portal)/account/notifications/actions.ts", "savePreferencesAction", { signedIn: true, allow: everyone, why: "the caller's own notification preferences" }),
  A("app/(portal)/announcements/actions.ts", "previewAudienceAction", gate("announcements.manage")),
  A("app/(portal)/announcements/actions.ts", "publishAnnouncementAction", gate("announcements.manage")),
  A("app/(portal)/announcements/actions.ts", "markAnnouncementReadAction", { signedIn: true, allow: everyone, why: "only announcements the caller received; others are \"not found\"" }),
  A("app/(portal)/escalations/actions.ts", "createEscalationAction", gate("escalations.manage")),
  A("app/(portal)/escalations/actions.ts", "updateEscalationAction", gate("escalations.manage")),
  A("app/(portal)/escalations/actions.ts", "escalateAction", gate("escalations.manage")),
  A("app/(portal)/escalations/actions.ts", "setEscalationStatusAction", gate("escalations.manage")),
  A("app/(portal)/escalations/actions.ts", "createDecisionAction", gate("escalations.manage")),
  A("app/(portal)/alerts/actions.ts", "createAlertRuleAction", { ...gate("alerts.manage"), why: "the rule's vendor or institution must be within the caller's reach (lib/alerts/service.ts)" }),
  A("app/(portal)/alerts/actions.ts", "updateAlertRuleAction", { ...gate("alerts.manage"), why: "rules outside the caller's reach are not found" }),
  A("app/(portal)/alerts/actions.ts", "deleteAlertRuleAction", { ...gate("alerts.manage"), why: "rules outside the caller's reach are not found" }),
  A("app/(portal)/alerts/actions.ts", "sendTestAlertAction", { ...gate("alerts.manage"), why: "rules outside the caller's reach are not found" }),
  A("app/(portal)/alerts/actions.ts", "retryDeliveryAction", { ...gate("alerts.manage"), why: "deliveries outside the caller's reach are not found" }),
  A("app/(portal)/status/manage/actions.ts", "openIncidentAction", gate("status.post")),
  A("app/(portal)/status/manage/actions.ts", "postIncidentUpdateAction", gate("status.post")),
  A("app/(portal)/status/manage/actions.ts", "announceMaintenanceAction", gate("status.post")),
  A("app/(portal)/status/manage/actions.ts", "cancelMaintenanceAction", gate("status.post")),
  A("app/(portal)/financing/rules/actions.ts", "createDraftAction", { ...gate("financing.manage"), sideEffectWithoutInput: "takes no input: creates a draft rule set" }),
  A("app/(portal)/financing/rules/actions.ts", "saveDraftAction", gate("financing.manage")),
  A("app/(portal)/financing/rules/actions.ts", "publishDraftAction", gate("financing.manage")),
  A("app/(portal)/financing/rules/actions.ts", "deleteDraftAction", gate("financing.manage")),
  A("app/(portal)/institutions/[id]/golive-actions.ts", "confirmExchangeAction", { ...gate("golive.confirm"), why: "who may confirm for which institution is checked in the transaction (lib/golive/service.ts mayConfirmExchange)" }),
  A("app/(portal)/institutions/[id]/golive-actions.ts", "setOverrideAction", gate("golive.override", "institution")),
  A("app/(portal)/institutions/[id]/golive-actions.ts", "withdrawOverrideAction", { ...gate("golive.override", "institution"), sideEffectWithoutInput: "withdraws the institution's go-live override (its only input is the institution)" }),
  A("app/(portal)/institutions/[id]/steps/actions.ts", "reportStepAction", gate("institution.report", "institution")),
  A("app/(portal)/institutions/[id]/steps/actions.ts", "attachCheckResultAction", gate("institution.report", "institution")),
  A("app/(portal)/institutions/[id]/steps/actions.ts", "verifyStepAction", gate("step.verify", "institution")),
  A("app/(portal)/institutions/[id]/steps/actions.ts", "rejectStepAction", gate("step.verify", "institution")),
  A("app/(portal)/institutions/[id]/plans/actions.ts", "savePlanAction", gate("institution.report", "institution")),
  A("app/(portal)/registry/[id]/check-actions.ts", "checkNowAction", { ...gate("endpoint.edit", "institution"), why: "the endpoint's institution is checked again in lib/checker/check-now.ts" }),
  A("app/(portal)/registry/actions.ts", "saveEndpointAction", { ...gate("endpoint.edit", "institution"), why: "the institution is checked again inside the transaction (lib/registry/endpoints.ts)" }),
  A("app/(portal)/registry/tokens/actions.ts", "createTokenAction", { ...gate("token.manage"), why: "the token's target must lie in the caller's scope (mayManageToken)" }),
  A("app/(portal)/registry/tokens/actions.ts", "revokeTokenAction", gate("token.manage")),
  A("app/(portal)/registry/volumes/actions.ts", "previewVolumesAction", { ...gate("exchange.report"), why: "writes nothing; rows outside the caller's vendors are refused per row (lib/golive/volumes.ts)" }),
  A("app/(portal)/registry/volumes/actions.ts", "commitVolumesAction", { ...gate("exchange.report"), why: "rows outside the caller's vendors are refused per row, inside the transaction (lib/golive/volumes.ts)" }),
  A("app/(portal)/review/actions.ts", "bulkVerifyAction", gate("step.verify")),
  A("app/(portal)/toolkit/actions.ts", "acknowledgeAction", gate("toolkit.acknowledge", "institution")),
  A("app/(portal)/toolkit/actions.ts", "previewIntakeAction", gate("institution.report", "institution")),
  A("app/(portal)/toolkit/actions.ts", "applyIntakeAction", gate("institution.report", "institution")),
  A("app/(public)/accept-invite/actions.ts", "acceptInviteAction", publicAccess("the one-time invitation token is the permission; checked first")),
  A("app/(public)/status/subscribe/actions.ts", "subscribeAction", publicAccess("anyone may subscribe; only the confirmation mail is sent until its link is followed; rate limited per client address")),
  A("app/(public)/status/subscriptions/actions.ts", "confirmSubscriptionAction", publicAccess("the HMAC token from the confirmation mail is the permission; checked first")),
  A("app/(public)/status/subscriptions/actions.ts", "unsubscribeAction", publicAccess("the HMAC token from a status mail is the permission; checked first")),
  A("app/(public)/forgot-password/actions.ts", "forgotPasswordAction", publicAccess("answers the same whether the address exists or not; rate limited")),
  A("app/(public)/login/actions.ts", "loginAction", publicAccess("the sign-in itself; rate limited")),
  A("app/(public)/reset-password/actions.ts", "resetPasswordAction", publicAccess("the one-time reset token is the permission; checked first")),
  A("app/_components/auth-actions.ts", "signOutAction", { ...publicAccess("ends the caller's own session; harmless without one"), sideEffectWithoutInput: "signs the caller out" }),
  A("app/_components/locale-actions.ts", "setLocaleAction", publicAccess("sets the caller's language cookie; nothing else")),
];

const allTokens = TOKEN_SCOPES;
const writeTokens: readonly TokenScope[] = ["institution", "vendor"];

/** /api/v1 (lib/api/v1.ts, documented in lib/api/openapi.ts) and /fhir (lib/fhir/handler.ts). */
export const API_OPERATIONS: readonly ApiOperation[] = [
  { kind: "api", method: "GET", path: "/api/v1/openapi.json", public: true, tokens: allTokens, why: "the API description" },
  { kind: "api", method: "GET", path: "/api/v1/institutions", tokens: allTokens, why: "lists only the token's scope" },
  { kind: "api", method: "GET", path: "/api/v1/institutions/{id}", tokens: allTokens, scope: "institution" },
  { kind: "api", method: "GET", path: "/api/v1/institutions/{id}/onboarding", tokens: allTokens, scope: "institution" },
  { kind: "api", method: "GET", path: "/api/v1/institutions/{id}/go-live", tokens: allTokens, scope: "institution" },
  { kind: "api", method: "POST", path: "/api/v1/exchange-volumes", tokens: ["vendor"], why: "vendor tokens only, for the vendor's institutions (checked per row in lib/golive/volumes.ts)" },
  { kind: "api", method: "GET", path: "/api/v1/endpoints", tokens: allTokens, why: "lists only the token's scope" },
  { kind: "api", method: "POST", path: "/api/v1/endpoints", tokens: writeTokens, scope: "institution", why: "programme tokens only read" },
  { kind: "api", method: "GET", path: "/api/v1/endpoints/{id}", tokens: allTokens, scope: "institution" },
  { kind: "api", method: "PUT", path: "/api/v1/endpoints/{id}", tokens: writeTokens, scope: "institution", why: "programme tokens only read" },
  { kind: "api", method: "GET", path: "/api/v1/availability", tokens: allTokens, why: "lists only the token's scope" },
  { kind: "api", method: "GET", path: "/api/v1/endpoints/{id}/availability", tokens: allTokens, scope: "institution" },
  {
    kind: "api",
    method: "POST",
    path: "/api/v1/endpoints/{id}/check",
    tokens: writeTokens,
    scope: "institution",
    why: "programme tokens only read",
    sideEffectWithoutInput: "runs a real connectivity check and records it",
  },
  { kind: "api", method: "GET", path: "/fhir/metadata", public: true, tokens: allTokens, sessionPermission: "endpoint.read", why: "the CapabilityStatement" },
  { kind: "api", method: "GET", path: "/fhir/StructureDefinition/endpoint-health", public: true, tokens: allTokens, sessionPermission: "endpoint.read", why: "the definition of an extension (lib/fhir/extensions.ts)" },
  { kind: "api", method: "GET", path: "/fhir/StructureDefinition/endpoint-environment", public: true, tokens: allTokens, sessionPermission: "endpoint.read", why: "the definition of an extension (lib/fhir/extensions.ts)" },
  { kind: "api", method: "GET", path: "/fhir/_history", tokens: allTokens, sessionPermission: "endpoint.read", why: "only the caller's scope (plus the vendors)" },
  { kind: "api", method: "GET", path: "/fhir/Organization", tokens: allTokens, sessionPermission: "endpoint.read", why: "searches only the caller's scope (plus the vendors)" },
  { kind: "api", method: "GET", path: "/fhir/Organization/_history", tokens: allTokens, sessionPermission: "endpoint.read", why: "only the caller's scope" },
  { kind: "api", method: "GET", path: "/fhir/Organization/{id}", tokens: allTokens, sessionPermission: "endpoint.read", scope: "institution" },
  { kind: "api", method: "GET", path: "/fhir/Endpoint", tokens: allTokens, sessionPermission: "endpoint.read", why: "searches only the caller's scope" },
  { kind: "api", method: "GET", path: "/fhir/Endpoint/_history", tokens: allTokens, sessionPermission: "endpoint.read", why: "only the caller's scope" },
  { kind: "api", method: "GET", path: "/fhir/Endpoint/{id}", tokens: allTokens, sessionPermission: "endpoint.read", scope: "institution" },
  { kind: "api", method: "GET", path: "/fhir/Endpoint/{id}/_history", tokens: allTokens, sessionPermission: "endpoint.read", scope: "institution" },
  { kind: "api", method: "GET", path: "/fhir/Endpoint/{id}/_history/{vid}", tokens: allTokens, sessionPermission: "endpoint.read", scope: "institution" },
];

export const INVENTORY: readonly InventoryEntry[] = [...PAGES, ...ROUTES, ...ACTIONS];

/** Turns a file under app/ into its route pattern: route groups "(x)" vanish, the file name goes. */
export function routePatternOf(appRelativeFile: string): string {
  const parts = appRelativeFile.split("/").slice(0, -1).filter((p) => !(p.startsWith("(") && p.endsWith(")")));
  return `/${parts.join("/")}`;
}
