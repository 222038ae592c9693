/**
 * The "Referentie" on the error pages (app/error.tsx, app/global-error.tsx) is the request id.
 *
 * Those pages can only show what Next sends them: the error's `digest`. Next computes one (a hash
 * of message and stack) only when the thrown error has none yet, and keeps a digest the error
 * already carries (app-render/create-error-handler.js). So the server process gives every error
 * a default digest: the id of the request it is thrown in (lib/request-context.ts), the one the
 * response carries as X-Request-Id and every log line of that request as `requestId` — also the
 * JSON line instrumentation.ts writes for the error. The default is an accessor on
 * Error.prototype that answers only inside a request; an error that sets its own digest (Next's
 * redirect, notFound and other control-flow errors) keeps it, because assigning defines an own
 * property. Outside a request nothing changes (`digest` is undefined, as before).
 *
 * One consequence: two different errors thrown while rendering the same request share the
 * reference, and Next logs the second as the first (it deduplicates by digest). The reference
 * leads to the request either way.
 */
import { currentRequestId } from "@/lib/request-context";

const g = globalThis as unknown as { __duoErrorDigest?: boolean };

export function installRequestIdDigest() {
  if (g.__duoErrorDigest) return;
  g.__duoErrorDigest = true;
  Object.defineProperty(Error.prototype, "digest", {
    configurable: true,
    enumerable: false,
    get(this: Error) {
      return currentRequestId();
    },
    set(this: Error, value: unknown) {
      Object.defineProperty(this, "digest", { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
