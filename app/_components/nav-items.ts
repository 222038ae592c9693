import { can, type Actor, type Permission } from "@/lib/auth/policy";

/** The navigation, by permission: what an actor sees is what they may open. */
const ITEMS: { href: string; key: "dashboard" | "institutions" | "review" | "registry" | "toolkit" | "financing" | "escalations" | "announcements" | "status" | "events" | "alerts" | "questions" | "kb" | "users" | "audit" | "account"; permission?: Permission; hideFor?: Permission }[] = [
  { href: "/dashboard", key: "dashboard", permission: "dashboard.view" },
  { href: "/institutions", key: "institutions", permission: "institution.list" },
  { href: "/review", key: "review", permission: "step.verify" },
  { href: "/registry", key: "registry", permission: "endpoint.read" },
  { href: "/toolkit", key: "toolkit", permission: "toolkit.download" },
  { href: "/financing", key: "financing", permission: "financing.view" },
  { href: "/escalations", key: "escalations", permission: "escalations.view" },
  { href: "/announcements", key: "announcements", permission: "announcements.manage" },
  { href: "/status/manage", key: "status", permission: "status.post" },
  { href: "/events", key: "events", permission: "events.view" },
  // Programme admins reach alert rules from "Status" (their navigation is full already).
  { href: "/alerts", key: "alerts", permission: "alerts.manage", hideFor: "dashboard.view" },
  { href: "/questions", key: "questions", permission: "questions.read" },
  { href: "/kb", key: "kb", permission: "kb.read" },
  { href: "/admin/users", key: "users", permission: "users.manage" },
  { href: "/admin/audit", key: "audit", permission: "audit.read" },
  { href: "/account", key: "account" },
];

export function navItemsFor(actor: Actor) {
  return ITEMS.filter((i) => (!i.permission || can(actor, i.permission)) && !(i.hideFor && can(actor, i.hideFor)));
}
