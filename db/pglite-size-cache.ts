/**
 * File sizes for the embedded database, remembered between writes (issue 21 §3).
 *
 * Postgres asks for a relation's size by seeking to its end (lseek SEEK_END in md.c's
 * mdnblocks): the planner for every table and index of every query, and every scan. PGlite's
 * file system on Node (Emscripten's NODEFS) answers each such seek with an fstat system call
 * plus a Stats object: 11 % of the server's CPU under a steady page load, more than PGlite's own
 * JavaScript. A file's size only changes through this process's writes and truncations (the data
 * folder is locked to one process: db/lock.ts), so it is kept per file node and forgotten on every
 * write, truncation (ftruncate on a stream, truncate on a path), rename, removal and close; the
 * next seek to the end asks the disk again. tests/integration/pglite-size-cache.test.ts checks
 * each of these on PGlite's own file system and through Postgres.
 */

type FsNode = { mode: number };
type FsStream = { node: FsNode; position: number };
type StreamOps = {
  llseek: (stream: FsStream, offset: number, whence: number) => number;
  write: (stream: FsStream, ...rest: unknown[]) => number;
  close?: (stream: FsStream) => void;
  /** ftruncate on an open file (Emscripten asks the stream first, then the node). */
  setattr?: (stream: FsStream, attr: unknown) => void;
};
type NodeOps = Record<string, ((...args: unknown[]) => unknown) | undefined>;

/** The part of an Emscripten module this needs (PGlite exposes it as `pg.Module`). */
export type EmscriptenFsModule = {
  FS: { isFile(mode: number): boolean; ErrnoError: new (errno: number) => Error };
  NODEFS: { stream_ops: StreamOps; node_ops: NodeOps };
};

const SEEK_END = 2;
const EINVAL = 28;
const INSTALLED = Symbol.for("duo.pgliteSizeCache");

/**
 * Makes NODEFS remember file sizes between writes. Idempotent per module (the NODEFS object is
 * shared by every stream of that module); returns the number of cached sizes, for tests.
 */
export function cacheFileSizes(mod: EmscriptenFsModule): { size: () => number } {
  const nodefs = mod.NODEFS as EmscriptenFsModule["NODEFS"] & { [INSTALLED]?: { size: () => number } };
  if (nodefs[INSTALLED]) return nodefs[INSTALLED];
  let sizes = new WeakMap<FsNode, number>();
  let count = 0;
  const forget = (node: FsNode | undefined) => {
    if (node && sizes.delete(node)) count--;
  };
  // A rename or removal names its file by directory and name, not by node: forget every size.
  const forgetAll = () => {
    sizes = new WeakMap();
    count = 0;
  };

  const ops = nodefs.stream_ops;
  const llseek = ops.llseek;
  ops.llseek = (stream, offset, whence) => {
    if (whence !== SEEK_END || !mod.FS.isFile(stream.node.mode)) return llseek(stream, offset, whence);
    let size = sizes.get(stream.node);
    if (size === undefined) {
      // The original answers offset + size: ask it for size alone.
      size = llseek(stream, 0, SEEK_END);
      sizes.set(stream.node, size);
      count++;
    }
    const position = offset + size;
    if (position < 0) throw new mod.FS.ErrnoError(EINVAL);
    return position;
  };
  const write = ops.write;
  ops.write = (stream, ...rest) => {
    forget(stream.node);
    return write(stream, ...rest);
  };
  const close = ops.close;
  if (close) {
    ops.close = (stream) => {
      forget(stream.node);
      return close(stream);
    };
  }
  const streamSetattr = ops.setattr;
  if (streamSetattr) {
    ops.setattr = (stream, attr) => {
      forget(stream.node);
      return streamSetattr(stream, attr);
    };
  }
  const nodeOps = nodefs.node_ops;
  const setattr = nodeOps.setattr;
  if (setattr) nodeOps.setattr = (node, ...rest) => (forget(node as FsNode), setattr(node, ...rest));
  for (const name of ["rename", "unlink", "rmdir", "mknod", "symlink"]) {
    const op = nodeOps[name];
    if (op) nodeOps[name] = (...args: unknown[]) => (forgetAll(), op(...args));
  }
  const handle = { size: () => count };
  nodefs[INSTALLED] = handle;
  return handle;
}
