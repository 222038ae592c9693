/**
 * Named (prepared) statements for drizzle's queries on PGlite: the embedded twin of
 * db/prepared.ts.
 *
 * PGlite's `query()` runs every query in six calls into its WASM module (Parse, Describe the
 * statement, Bind, Describe the portal, Execute, Sync), and Postgres parses and plans the text
 * every time. Measured on a 13-column lookup by primary key: 170 µs per query, of which the
 * database's own work is a fraction; the institution page makes twenty such queries.
 *
 * Here a query's text is parsed once, as a named statement (Parse + Describe + Sync: one call,
 * which also tells the parameters' types and the row description), and every run after that is
 * one call (Bind + Execute + Sync) whose answer is read with the row description kept from the
 * first run: 48 µs on the same lookup. Parameters are serialised by their types exactly as
 * PGlite's own `query()` does, and the answer is turned into rows by PGlite's own `parseResults`
 * (its messages read by `readAnswer`, without PGlite's copy per field), so drizzle sees the same
 * rows, errors (the DatabaseError with the query attached) and mutexes.
 *
 * A query without parameters is not named (it would fill the cache with DDL and savepoint names)
 * but needs no parameter types either: Parse, Bind, Describe, Execute and Sync go in one call.
 *
 * Bounds: the same queries as on Postgres are named (`shouldPrepare`: 1..PREPARE_MAX_PARAMS
 * parameters); more parameters, blobs or own parameter types take PGlite's own path; at most
 * `maxStatements` texts are kept, the least recently used one is closed when a new one needs its
 * place (with the cache, bench:soak's request mix measured the same RSS as without). A statement a schema change made
 * unusable ("cached plan must not change result type", or one that no longer exists) is
 * forgotten; outside a transaction the query is then prepared again and retried once.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { shouldPrepare } from "./prepared";

/** How many statement texts one PGlite instance keeps (each holds a parsed query and its plan in WASM memory). */
const PGLITE_MAX_STATEMENTS = 500;

/** The message objects PGlite's execProtocol answers with (pg-protocol's BackendMessage). */
type Message = { name: string; dataTypeIDs?: number[] };
type Statement = { name: string; paramTypes: number[]; rowDescription: Message | undefined };
type Query = <T>(query: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

const wire = protocol.serialize;

/** Errors after which a statement cannot be run again as prepared. */
const STALE_STATEMENT = new Set([
  "0A000", // cached plan must not change result type (a column was added, dropped or retyped)
  "26000", // prepared statement does not exist
]);

export type PreparedPglite = {
  /** Texts prepared so far, most recently used last (tests). */
  statements(): string[];
};

/**
 * Makes `pg.query` and the `query` of every `pg.transaction` scope run drizzle's parameterised
 * queries as named statements, and queries without parameters in one unnamed call. Anything else
 * (more than PREPARE_MAX_PARAMS parameters, blobs, own parameter types) goes through PGlite's own
 * path unchanged.
 */
export function preparedPglite(pg: PGlite, opts: { maxStatements?: number } = {}): PreparedPglite {
  const max = opts.maxStatements ?? PGLITE_MAX_STATEMENTS;
  // Map order is insertion order: a statement used again is moved to the end, so the first is the least recently used.
  const cache = new Map<string, Statement>();
  const closing: string[] = [];
  let counter = 0;

  const remember = (text: string, st: Statement) => {
    cache.set(text, st);
    while (cache.size > max) {
      const [oldest, old] = cache.entries().next().value as [string, Statement];
      cache.delete(oldest);
      closing.push(old.name);
    }
  };

  /** Parse + Describe + Sync in one call: the statement's parameter types and row description. */
  const prepare = async (text: string): Promise<Statement> => {
    const name = `duo_${(++counter).toString(36)}`;
    const { messages } = (await pg.execProtocol(concat([wire.parse({ name, text, types: [] }), wire.describe({ type: "S", name }), wire.sync()]), { syncToFs: false })) as { messages: Message[] };
    const st: Statement = {
      name,
      paramTypes: messages.find((m) => m.name === "parameterDescription")?.dataTypeIDs ?? [],
      rowDescription: messages.find((m) => m.name === "rowDescription"),
    };
    remember(text, st);
    return st;
  };

  /**
   * Sends `bytes` and reads the answer with readAnswer (below) instead of PGlite's own reader, which
   * copies every field into an ArrayBuffer of its own before decoding it (3 % of an institution
   * page's server time under load, plus their garbage). The raw answer is taken as it comes
   * out of the WASM module (execProtocolRawStream), copied once. Any other answer (an error, a
   * notice) is read by PGlite's own parser, and an error thrown as execProtocol throws it.
   */
  const exchange = async (bytes: Uint8Array): Promise<Message[]> => {
    const chunks: Uint8Array[] = [];
    // The chunk is a view into the module's memory, valid only during the callback.
    await pg.execProtocolRawStream(bytes, { syncToFs: false, onRawData: (chunk) => void chunks.push(chunk.slice()) });
    const raw = chunks.length === 1 ? chunks[0] : concat(chunks);
    const answer = readAnswer(raw);
    if (answer) return answer;
    // As execProtocol: every message kept, the first error thrown (notices are dropped there too,
    // without an onNotice; notifications would go to pg.listen's listeners, which the portal has none of).
    const messages: Message[] = [];
    let error: unknown = null;
    new protocol.Parser().parse(raw, (m) => {
      if (!error && m instanceof protocol.messages.DatabaseError) error = m;
      messages.push(m as Message);
    });
    if (error) throw error;
    return messages;
  };

  const serialise = (st: Statement, params: unknown[], options: QueryOptions | undefined) =>
    params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = st.paramTypes[i];
      const serialize = options?.serializers?.[oid] ?? pg.serializers[oid];
      return serialize ? serialize(param) : String(param);
    });

  /** One run: Bind + Execute + Sync (after the Close of statements that lost their place, outside transactions). */
  const run = async <T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> => {
    let st = cache.get(text);
    if (st) {
      cache.delete(text);
      cache.set(text, st);
    } else {
      st = await prepare(text);
    }
    const closes = inTransaction ? [] : closing.splice(0).map((name) => wire.close({ type: "S", name }));
    const messages = await exchange(concat([...closes, wire.bind({ statement: st.name, values: serialise(st, params, options) as string[] }), wire.execute({}), wire.sync()]));
    if (!inTransaction) await pg.syncToFs();
    return answerOf<T>(st.rowDescription ? [st.rowDescription, ...messages] : messages, options);
  };

  /** A query without parameters needs no parameter types: Parse, Bind, Describe, Execute and Sync in one call, unnamed. */
  const runOnce = async <T>(text: string, options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> => {
    try {
      const messages = await exchange(concat([wire.parse({ text, types: [] }), wire.bind({}), wire.describe({ type: "P" }), wire.execute({}), wire.sync()]));
      if (!inTransaction) await pg.syncToFs();
      return answerOf<T>(messages, options);
    } catch (e) {
      throw withQuery(e, text, [], options);
    }
  };

  /**
   * PGlite's parseResults with the caller's parsers laid over PGlite's own by prototype: its own
   * merge copies all ~320 of PGlite's parsers for every query that brings any (drizzle brings
   * nine), 64 µs a query — more than the named run itself.
   */
  const answerOf = <T>(messages: Message[], options: QueryOptions | undefined): Results<T> => {
    const parsers = options?.parsers ? Object.assign(Object.create(pg.parsers) as typeof pg.parsers, options.parsers) : pg.parsers;
    return parse.parseResults(messages as never, parsers, options && { ...options, parsers: undefined })[0] as Results<T>;
  };

  /** Runs a query as a named statement; a stale statement is forgotten (and, outside a transaction, prepared and run once more). */
  const runNamed = async <T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> => {
    try {
      return await run<T>(text, params, options, inTransaction);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code && STALE_STATEMENT.has(code)) {
        const st = cache.get(text);
        if (st) {
          cache.delete(text);
          if (code !== "26000") closing.push(st.name);
        }
        if (!inTransaction) {
          try {
            return await run<T>(text, params, options, inTransaction);
          } catch (again) {
            throw withQuery(again, text, params, options);
          }
        }
      }
      throw withQuery(e, text, params, options);
    }
  };

  /** Which path a query takes: named, once (no parameters), or PGlite's own (too many parameters, blobs, own parameter types). */
  const pathOf = (params: unknown[] | undefined, options: QueryOptions | undefined): "named" | "once" | "own" =>
    options?.blob || options?.paramTypes ? "own" : !params?.length ? "once" : shouldPrepare(params) ? "named" : "own";
  const runVia = <T>(path: "named" | "once", text: string, params: unknown[] | undefined, options: QueryOptions | undefined, inTransaction: boolean) =>
    path === "named" ? runNamed<T>(text, params ?? [], options, inTransaction) : runOnce<T>(text, options, inTransaction);

  const ownQuery = pg.query.bind(pg) as Query;
  const patchedQuery: Query = async <T>(text: string, params?: unknown[], options?: QueryOptions) => {
    const path = pathOf(params, options);
    if (path === "own") return ownQuery<T>(text, params, options);
    await pg._checkReady();
    // As PGlite's query(): not while a transaction holds the database, one query at a time.
    return pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => runVia<T>(path, text, params, options, false)));
  };
  (pg as unknown as { query: Query }).query = patchedQuery;

  const ownTransaction = pg.transaction.bind(pg);
  (pg as unknown as { transaction: PGlite["transaction"] }).transaction = (callback) =>
    ownTransaction((tx: Transaction) => {
      const txQuery = tx.query.bind(tx) as Query;
      const scoped: Query = async <T>(text: string, params?: unknown[], options?: QueryOptions) => {
        const path = pathOf(params, options);
        if (path === "own") return txQuery<T>(text, params, options);
        // As the transaction's own query: a closed transaction refuses.
        if (tx.closed) throw new Error("Transaction is closed");
        return pg._runExclusiveQuery(() => runVia<T>(path, text, params, options, true));
      };
      (tx as unknown as { query: Query }).query = scoped;
      return callback(tx);
    });

  return { statements: () => [...cache.keys()] };
}

/** PGlite's own errors carry the query, its parameters and options (its makePGliteError). */
function withQuery(e: unknown, query: string, params: unknown[], options: QueryOptions | undefined): unknown {
  if (e && typeof e === "object" && "code" in e && "severity" in e) Object.assign(e, { query, params, queryOptions: options });
  return e;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const utf8 = new TextDecoder();

/**
 * The backend messages of one exchange, as much of them as parseResults reads (row descriptions,
 * data rows as text, command tags), or null when the answer holds anything else (an error, a
 * notice, a notification, a message this reader does not know): the caller then reads it with
 * PGlite's own parser. Field values are decoded straight from the answer, without a copy each.
 */
export function readAnswer(raw: Uint8Array): Message[] | null {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const cstring = (at: number): [string, number] => {
    const end = raw.indexOf(0, at);
    return [utf8.decode(raw.subarray(at, end)), end + 1];
  };
  const out: Message[] = [];
  let at = 0;
  while (at < raw.length) {
    if (at + 5 > raw.length) return null;
    const type = raw[at];
    const length = view.getInt32(at + 1);
    const body = at + 5;
    const next = at + 1 + length;
    if (length < 4 || next > raw.length) return null;
    switch (type) {
      case 0x54: {
        // T: RowDescription
        const count = view.getInt16(body);
        const fields: { name: string; dataTypeID: number }[] = [];
        let p = body + 2;
        for (let i = 0; i < count; i++) {
          const [name, after] = cstring(p);
          fields.push({ name, dataTypeID: view.getInt32(after + 6) });
          p = after + 18;
        }
        out.push({ name: "rowDescription", fields } as Message);
        break;
      }
      case 0x44: {
        // D: DataRow, every field as text (the Bind asks for no binary results)
        const count = view.getInt16(body);
        const fields: (string | null)[] = new Array(count);
        let p = body + 2;
        for (let i = 0; i < count; i++) {
          const len = view.getInt32(p);
          p += 4;
          if (len < 0) fields[i] = null;
          else {
            fields[i] = utf8.decode(raw.subarray(p, p + len));
            p += len;
          }
        }
        out.push({ name: "dataRow", fields } as Message);
        break;
      }
      case 0x43: // C: CommandComplete
        out.push({ name: "commandComplete", text: cstring(body)[0] } as Message);
        break;
      case 0x31: // 1: ParseComplete
      case 0x32: // 2: BindComplete
      case 0x33: // 3: CloseComplete
      case 0x6e: // n: NoData
      case 0x73: // s: PortalSuspended
      case 0x49: // I: EmptyQueryResponse
      case 0x5a: // Z: ReadyForQuery
        break;
      default:
        return null;
    }
    at = next;
  }
  return out;
}
