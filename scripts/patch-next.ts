/**
 * Runs after `npm install` (package.json "postinstall"): one change to Next's compiled
 * production page runtime, so that a page's inline RSC payload reaches the browser as script
 * pushes of at most 32 KB each instead of one push of all of it.
 *
 * Why (issue 21 §3, README "Eleventh round"): Next reads the whole buffered RSC payload in one
 * `read()` and turns it into one `<script>self.__next_f.push([1,"…"])</script>`: a UTF-8 decode,
 * a JSON.stringify, an HTML escape and a UTF-8 encode of the whole payload. A Dutch page's payload
 * holds characters above U+00FF ("—", "„", "…"), so V8 makes a two-byte string of it; from 64 K
 * characters on (the dashboard's is 81 K) each of those four strings is 128 KB or more and goes to
 * V8's large-object space: mapped, faulted in and collected on its own. Decoding one 81 KB buffer
 * with one "—" in it takes ~250 µs against ~6 µs for the same bytes in ASCII (Node 20), and the
 * whole step ~0.8 ms against ~0.25 ms in pieces of 32 KB. On the dashboard the server's CPU per
 * request fell by ~2 ms (11 %) and its throughput at concurrency 10 rose by 9–27 %.
 *
 * What: before the payload is turned into a script, anything beyond its first 32 KB is put back
 * into the stream (`unshift`) at a character boundary, so the loop that follows reads it again as
 * the next push. The browser concatenates the pushes in order, as it does for a streamed page.
 *
 * The change is a string replacement guarded by its anchor: if the anchor is not found exactly
 * once (a Next upgrade changed the function), installing fails and says so, instead of going on
 * without the change. `tests/unit/foundation/next-patch.test.ts` checks that the installed
 * runtime carries it; the e2e suite checks the dashboard's pushes and that the page still hydrates.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The largest inline payload push, in bytes (JSON-escaped two-byte strings of it stay < 128 KB). */
export const FLIGHT_PUSH_BYTES = 32768;

/** Marks the change in the runtime, so that running this again changes nothing. */
export const MARKER = "/*duo:split-inline-flight*/";

/** The start of Next's function that turns the RSC payload into inline scripts (Next 16.4). */
export const ANCHOR = "async function V(e,t,r){try{for(;;){let n=e.read();";

/** What goes right after the anchor: `n` is the buffer read, `e` the stream it came from. */
export const INSERT = `${MARKER}if(null!==n&&n.length>${FLIGHT_PUSH_BYTES}){let c=${FLIGHT_PUSH_BYTES};for(;c<n.length&&(n[c]&192)===128;)c++;if(c<n.length){e.unshift(n.subarray(c));n=n.subarray(0,c)}}`;

/** The runtime `next start` and scripts/start.ts load for a Turbopack production build. */
export const RUNTIME_FILES = ["next/dist/compiled/next-server/app-page-turbo.runtime.prod.js"];

export function patchRuntime(source: string): { source: string; changed: boolean } {
  if (source.includes(MARKER)) return { source, changed: false };
  const parts = source.split(ANCHOR);
  if (parts.length !== 2) {
    throw new Error(
      `scripts/patch-next.ts: Next's page runtime has ${parts.length - 1} copies of the function it changes, not 1. ` +
        "Next was upgraded: check whether it still sends the inline RSC payload in one push, then update or remove this patch.",
    );
  }
  return { source: parts[0] + ANCHOR + INSERT + parts[1], changed: true };
}

/** The project's root: where `node_modules/next` is looked up from. */
const PROJECT = path.resolve(__dirname, "..");

/** The files of RUNTIME_FILES that lack the change (`npm install --ignore-scripts` skips postinstall). */
export function unpatchedRuntimeFiles(from = PROJECT): string[] {
  return RUNTIME_FILES.filter((file) => !readFileSync(require.resolve(file, { paths: [from] }), "utf8").includes(MARKER));
}

function main() {
  for (const file of RUNTIME_FILES) {
    const full = require.resolve(file, { paths: [PROJECT] });
    const { source, changed } = patchRuntime(readFileSync(full, "utf8"));
    if (changed) writeFileSync(full, source);
    console.log(`patch-next: ${path.relative(process.cwd(), full)} ${changed ? "patched" : "already patched"} (inline RSC payload in pushes of at most ${FLIGHT_PUSH_BYTES} bytes)`);
  }
}

if (require.main === module) main();
