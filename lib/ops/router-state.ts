/**
 * The Next-Router-State-Tree header, which Next's client sends with every in-app navigation (RSC
 * request): Next parses it before rendering and, when it cannot, throws outside the render, which
 * answered a hand-made request with a broken header 500 and an unstructured error block in the
 * log (issue 21 §1). The HTTP wrapper (lib/ops/http-server.ts) asks Next's own parser first and
 * answers such a request 400. Server-side only: it loads Next's code.
 */
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";

export const ROUTER_STATE_HEADER = "next-router-state-tree";

/** True when the request carries a router state header that Next would refuse to parse. */
export function isUnreadableRouterState(value: string | string[] | undefined): boolean {
  if (value === undefined) return false;
  try {
    parseAndValidateFlightRouterState(value);
    return false;
  } catch {
    return true;
  }
}
