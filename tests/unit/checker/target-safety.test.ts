import assert from "node:assert/strict";
import { test } from "node:test";
import {
  categorizeAddress,
  embeddedIPv4,
  ipv6ToBytes,
  parseAllowList,
  vetAddress,
  vetAddresses,
} from "@/lib/checker/target-safety";

const categories: Array<[string, string]> = [
  // IPv4
  ["8.8.8.8", "public"],
  ["145.222.1.10", "public"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["100.63.255.255", "public"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.254", "cgnat"],
  ["100.128.0.0", "public"],
  ["100.100.100.200", "cloud_metadata"],
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["169.254.0.1", "link_local"],
  ["169.254.169.254", "cloud_metadata"],
  ["172.15.255.255", "public"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.0", "public"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.55", "documentation"],
  ["192.88.99.1", "reserved"],
  ["192.168.1.1", "private"],
  ["198.18.0.1", "reserved"],
  ["198.19.255.255", "reserved"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  // IPv6
  ["2001:4860:4860::8888", "public"],
  ["2a00:1450:400e:80f::200e", "public"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["fe80::1", "link_local"],
  ["fe80::1%eth0", "link_local"],
  ["febf::1", "link_local"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["fd00:ec2::254", "cloud_metadata"],
  ["fec0::1", "private"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "documentation"],
  ["2001::1", "reserved"],
  ["100::1", "reserved"],
  ["64:ff9b:1::1", "private"],
  ["::1.2.3.4", "reserved"],
  ["4000::1", "reserved"],
  // IPv6 carrying IPv4: judged by the IPv4 inside
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["0:0:0:0:0:ffff:10.1.2.3", "private"],
  ["::ffff:169.254.169.254", "cloud_metadata"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::a9fe:a9fe", "cloud_metadata"],
  ["64:ff9b::192.168.0.1", "private"],
  ["64:ff9b::8.8.8.8", "public"],
  ["2002:7f00:1::1", "loopback"],
  ["2002:0808:0808::1", "public"],
  ["[::1]", "loopback"],
  // not addresses
  ["localhost", "invalid"],
  ["", "invalid"],
  ["999.1.1.1", "invalid"],
  ["1.2.3", "invalid"],
];

for (const [address, category] of categories) {
  test(`categorize ${address || "(empty)"} -> ${category}`, () => {
    assert.equal(categorizeAddress(address), category);
  });
}

test("ipv6ToBytes expands every notation to 16 bytes", () => {
  const hex = (s: string) => Buffer.from(ipv6ToBytes(s)!).toString("hex");
  assert.equal(hex("::1"), "00000000000000000000000000000001");
  assert.equal(hex("::ffff:1.2.3.4"), "00000000000000000000ffff01020304");
  assert.equal(hex("0:0:0:0:0:ffff:1.2.3.4"), "00000000000000000000ffff01020304");
  assert.equal(hex("2001:db8::8:800:200c:417a"), "20010db8000000000008080020 0c417a".replace(" ", ""));
  assert.equal(hex("fe80::1%25eth0"), "fe800000000000000000000000000001");
  assert.equal(ipv6ToBytes("1.2.3.4"), null);
  assert.equal(ipv6ToBytes("not an address"), null);
});

test("embeddedIPv4 finds mapped, NAT64 and 6to4 addresses only", () => {
  assert.equal(embeddedIPv4("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(embeddedIPv4("64:ff9b::c0a8:1"), "192.168.0.1");
  assert.equal(embeddedIPv4("2002:c0a8:0101::5"), "192.168.1.1");
  assert.equal(embeddedIPv4("2001:db8::1"), null);
  assert.equal(embeddedIPv4("::1"), null);
});

test("allow-list parsing: CIDRs, bare hosts, IPv6, spaces and empties", () => {
  const allow = parseAllowList(" 127.0.0.1/32, 10.1.0.0/16,,::1, fd00::/8 , 192.168.5.5");
  assert.deepEqual(allow.cidrs, ["127.0.0.1/32", "10.1.0.0/16", "::1", "fd00::/8", "192.168.5.5"]);
  const table: Array<[string, boolean]> = [
    ["127.0.0.1", true],
    ["127.0.0.2", false],
    ["10.1.200.3", true],
    ["10.2.0.1", false],
    ["::1", true],
    ["fd12::1", true],
    ["192.168.5.5", true],
    ["192.168.5.6", false],
    ["::ffff:127.0.0.1", true],
    ["::ffff:127.0.0.2", false],
    ["not-an-ip", false],
  ];
  for (const [address, expected] of table) assert.equal(allow.check(address), expected, address);
  assert.equal(parseAllowList(undefined).check("127.0.0.1"), false);
  assert.equal(parseAllowList("").cidrs.length, 0);
});

test("allow-list parsing rejects malformed entries loudly", () => {
  for (const bad of ["127.0.0.1/33", "10.0.0.0/8/1", "example.org/32", "::1/129", "10.0.0.0/x", "1.2.3/24"]) {
    assert.throws(() => parseAllowList(bad), /Invalid/, bad);
  }
});

const decisions: Array<[string, string, boolean, boolean]> = [
  // address, allow-list, allowed, allowListed
  ["8.8.8.8", "", true, false],
  ["127.0.0.1", "", false, false],
  ["127.0.0.1", "127.0.0.1/32", true, true],
  ["127.0.0.2", "127.0.0.1/32", false, false],
  ["::ffff:127.0.0.1", "127.0.0.1/32", true, true],
  ["::ffff:127.0.0.1", "", false, false],
  ["10.0.0.5", "10.0.0.0/8", true, true],
  ["100.64.1.1", "", false, false],
  ["fe80::1", "", false, false],
  // Metadata addresses stay refused even when an allow-list covers them.
  ["169.254.169.254", "169.254.0.0/16", false, false],
  ["169.254.169.254", "0.0.0.0/0", false, false],
  ["fd00:ec2::254", "fd00::/8", false, false],
  ["169.254.10.10", "169.254.0.0/16", true, true],
  ["hostname", "0.0.0.0/0", false, false],
];

for (const [address, list, allowed, listed] of decisions) {
  test(`vet ${address} with allow-list "${list}" -> ${allowed ? "allowed" : "refused"}`, () => {
    const d = vetAddress(address, parseAllowList(list));
    assert.equal(d.allowed, allowed);
    assert.equal(d.allowListed, listed);
  });
}

test("vetAddresses refuses the whole set when any address is unsafe (DNS rebinding)", () => {
  const r = vetAddresses(["8.8.8.8", "10.0.0.1", "2001:4860:4860::8888"]);
  assert.equal(r.ok, false);
  assert.deepEqual(r.blocked, [{ address: "10.0.0.1", category: "private" }]);
  assert.equal(vetAddresses(["8.8.8.8", "1.1.1.1"]).ok, true);
  assert.equal(vetAddresses([]).ok, false);
});
