/**
 * Which addresses the checker may contact. The checker sends requests to addresses that
 * institutions type in, so without this it could be pointed at the portal's own network
 * (SSRF). Every resolved address is vetted, and the probe connects to the vetted address.
 *
 * IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the
 * IPv4 address inside, so `::ffff:127.0.0.1` is loopback. Cloud metadata addresses are
 * refused even when an allow-list covers them: no dev setup needs them.
 */
import net from "node:net";
import type { TargetCategory } from "./classify";

type Family = "ipv4" | "ipv6";
interface Rule {
  cidr: string;
  category: Exclude<TargetCategory, "public" | "invalid">;
}

// Order matters: the first matching rule names the category (metadata before link-local).
const V4_RULES: Rule[] = [
  { cidr: "169.254.169.254/32", category: "cloud_metadata" },
  { cidr: "100.100.100.200/32", category: "cloud_metadata" },
  { cidr: "0.0.0.0/8", category: "unspecified" },
  { cidr: "10.0.0.0/8", category: "private" },
  { cidr: "100.64.0.0/10", category: "cgnat" },
  { cidr: "127.0.0.0/8", category: "loopback" },
  { cidr: "169.254.0.0/16", category: "link_local" },
  { cidr: "172.16.0.0/12", category: "private" },
  { cidr: "192.0.0.0/24", category: "reserved" },
  { cidr: "192.0.2.0/24", category: "documentation" },
  { cidr: "192.88.99.0/24", category: "reserved" },
  { cidr: "192.168.0.0/16", category: "private" },
  { cidr: "198.18.0.0/15", category: "reserved" },
  { cidr: "198.51.100.0/24", category: "documentation" },
  { cidr: "203.0.113.0/24", category: "documentation" },
  { cidr: "224.0.0.0/4", category: "multicast" },
  { cidr: "255.255.255.255/32", category: "broadcast" },
  { cidr: "240.0.0.0/4", category: "reserved" },
];

const V6_RULES: Rule[] = [
  { cidr: "fd00:ec2::254/128", category: "cloud_metadata" },
  { cidr: "::/128", category: "unspecified" },
  { cidr: "::1/128", category: "loopback" },
  { cidr: "64:ff9b:1::/48", category: "private" },
  { cidr: "100::/64", category: "reserved" },
  { cidr: "2001:db8::/32", category: "documentation" },
  { cidr: "2001::/23", category: "reserved" },
  { cidr: "fc00::/7", category: "private" },
  { cidr: "fe80::/10", category: "link_local" },
  { cidr: "fec0::/10", category: "private" },
  { cidr: "ff00::/8", category: "multicast" },
  { cidr: "::/96", category: "reserved" },
];

function buildLists(rules: Rule[], family: Family) {
  return rules.map((r) => {
    const [addr, prefix] = r.cidr.split("/");
    const list = new net.BlockList();
    list.addSubnet(addr, Number(prefix), family);
    return { list, category: r.category };
  });
}
const V4_LISTS = buildLists(V4_RULES, "ipv4");
const V6_LISTS = buildLists(V6_RULES, "ipv6");
const GLOBAL_UNICAST_V6 = new net.BlockList();
GLOBAL_UNICAST_V6.addSubnet("2000::", 3, "ipv6");

/** 16 bytes of an IPv6 address, or null when it is not one. Zone ids (`%eth0`) are dropped. */
export function ipv6ToBytes(input: string): Uint8Array | null {
  const address = input.replace(/^\[|\]$/g, "").split("%")[0];
  if (net.isIPv6(address) === false) return null;
  let head = address;
  const tailWords: number[] = [];
  // An embedded dotted IPv4 tail becomes the last two 16-bit words.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (dotted) {
    const parts = dotted[1].split(".").map(Number);
    tailWords.push((parts[0] << 8) | parts[1], (parts[2] << 8) | parts[3]);
    head = head.slice(0, -dotted[1].length);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").filter((x) => x !== "").map((h) => parseInt(h, 16)) : []);
  const leftWords = parse(left);
  const rightWords = [...parse(right), ...tailWords];
  const fill = 8 - leftWords.length - rightWords.length;
  if (right === undefined && fill !== 0) {
    // No "::": the words must already be complete (the dotted tail was counted in rightWords).
    const words = [...leftWords, ...tailWords];
    if (words.length !== 8) return null;
    return wordsToBytes(words);
  }
  if (fill < 0) return null;
  return wordsToBytes([...leftWords, ...new Array(fill).fill(0), ...rightWords]);
}

function wordsToBytes(words: number[]): Uint8Array {
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = (w >> 8) & 0xff;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

const v4FromBytes = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/** The IPv4 address an IPv6 address stands for (mapped, NAT64 well-known prefix, 6to4), if any. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6ToBytes(address);
  if (!b) return null;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4FromBytes(b, 12);
  // 64:ff9b::a.b.c.d (RFC 6052 well-known prefix)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4FromBytes(b, 12);
  // 2002:AABB:CCDD::/48 (6to4)
  if (b[0] === 0x20 && b[1] === 0x02) return v4FromBytes(b, 2);
  return null;
}

export interface AllowList {
  readonly cidrs: readonly string[];
  check(address: string): boolean;
}

/**
 * Parses `CHECKER_ALLOW_TARGETS`-style CIDRs ("127.0.0.1/32, ::1/128, 10.0.0.0/8"; a bare
 * address means a single host). Throws on a malformed entry: configuration errors must be loud.
 */
export function parseAllowList(input: string | readonly string[] | undefined | null): AllowList {
  const items = (typeof input === "string" ? input.split(",") : (input ?? []))
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const list = new net.BlockList();
  for (const item of items) {
    const [addrRaw, prefixRaw, extra] = item.split("/");
    const addr = addrRaw.replace(/^\[|\]$/g, "");
    const family = net.isIPv4(addr) ? "ipv4" : net.isIPv6(addr) ? "ipv6" : null;
    if (!family || extra !== undefined) throw new Error(`Invalid CIDR in allow-list: "${item}"`);
    const max = family === "ipv4" ? 32 : 128;
    const prefix = prefixRaw === undefined ? max : Number(prefixRaw);
    if (!/^\d+$/.test(prefixRaw ?? String(max)) || prefix < 0 || prefix > max) {
      throw new Error(`Invalid prefix length in allow-list: "${item}"`);
    }
    list.addSubnet(addr, prefix, family);
  }
  return {
    cidrs: items,
    check(address: string) {
      const a = address.replace(/^\[|\]$/g, "").split("%")[0];
      if (net.isIPv4(a)) return list.check(a, "ipv4");
      if (!net.isIPv6(a)) return false;
      if (list.check(a, "ipv6")) return true;
      const v4 = embeddedIPv4(a);
      return v4 !== null && list.check(v4, "ipv4");
    },
  };
}

export const EMPTY_ALLOW_LIST: AllowList = parseAllowList([]);

/** The category of an address, judging IPv6-wrapped IPv4 by the IPv4 inside. */
export function categorizeAddress(address: string): TargetCategory {
  const a = address.replace(/^\[|\]$/g, "").split("%")[0];
  if (net.isIPv4(a)) {
    return V4_LISTS.find((r) => r.list.check(a, "ipv4"))?.category ?? "public";
  }
  if (!net.isIPv6(a)) return "invalid";
  const v4 = embeddedIPv4(a);
  if (v4 !== null) {
    const inner = categorizeAddress(v4);
    // A 6to4 or NAT64 wrapper around a public address is as public as the address itself.
    return inner;
  }
  const hit = V6_LISTS.find((r) => r.list.check(a, "ipv6"))?.category;
  if (hit) return hit;
  return GLOBAL_UNICAST_V6.check(a, "ipv6") ? "public" : "reserved";
}

export interface TargetDecision {
  address: string;
  category: TargetCategory;
  allowed: boolean;
  /** true when only the allow-list made it acceptable. */
  allowListed: boolean;
}

export function vetAddress(address: string, allow: AllowList = EMPTY_ALLOW_LIST): TargetDecision {
  const category = categorizeAddress(address);
  if (category === "invalid" || category === "cloud_metadata") {
    return { address, category, allowed: false, allowListed: false };
  }
  const listed = allow.check(address);
  if (category === "public") return { address, category, allowed: true, allowListed: listed };
  return { address, category, allowed: listed, allowListed: listed };
}

/** Every address must pass: one bad answer in a DNS set is enough to refuse (DNS rebinding). */
export function vetAddresses(addresses: readonly string[], allow: AllowList = EMPTY_ALLOW_LIST) {
  const decisions = addresses.map((a) => vetAddress(a, allow));
  const blocked = decisions.filter((d) => !d.allowed).map((d) => ({ address: d.address, category: d.category }));
  return { ok: addresses.length > 0 && blocked.length === 0, decisions, blocked };
}
