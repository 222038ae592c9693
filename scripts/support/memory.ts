/**
 * The memory bounds `npm start` and `npm run worker` run with (package.json spells them out,
 * because MALLOC_ARENA_MAX has to be in the environment before node starts; a unit test keeps
 * the two in step). Measured with bench:soak (README, Benchmarks): without them V8 grows its
 * heap to ~780 MB under a light load and glibc keeps ~1.3 GB of freed native memory in its
 * per-thread arenas; with them the peak stayed under 700 MB on PGlite.
 *   --max-old-space-size  V8's old generation; too small ends the process instead of slowing
 *                         it down, so it keeps headroom over the largest single allocation
 *                         (the toolkit ZIP for all institutions)
 *   --max-semi-space-size V8's young generation: the pages allocate ~10 MB/s of short-lived garbage
 *   MALLOC_ARENA_MAX      glibc's malloc arenas (one per thread by default: libuv's pool, PGlite)
 * Override with NODE_MEMORY_FLAGS (empty: none) and MALLOC_ARENA_MAX.
 */
export const NODE_MEMORY_FLAGS = "--max-old-space-size=320 --max-semi-space-size=16";
export const MALLOC_ARENA_MAX = "2";

/**
 * How the server and the worker load their TypeScript: tsx's CommonJS hook only. `--import tsx`
 * also registers its ES-module hooks, which Node runs in a thread of their own with a V8 heap of
 * their own: ~40 MB RSS for as long as the process lives (measured: an idle script holds 88 MB
 * with `--import tsx`, 48 MB with `--require tsx/cjs`). The scripts are compiled to CommonJS
 * (package.json has no "type": "module"), so they import TypeScript statically; a dynamic
 * import() of a .ts file or an "@/" path would need the ES-module hooks and fails.
 */
export const TS_LOADER = "--require tsx/cjs";
