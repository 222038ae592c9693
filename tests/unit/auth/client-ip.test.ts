import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT_IP_HEADER, clientIpFrom, resolveClientIp } from "@/lib/auth/client-ip";

describe("resolveClientIp", () => {
  const cases: { name: string; socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustProxy: boolean; expected: string }[] = [
    { name: "plain IPv4 socket", socketAddress: "192.0.2.10", forwardedFor: undefined, trustProxy: false, expected: "192.0.2.10" },
    { name: "IPv4-mapped IPv6 socket is shortened", socketAddress: "::ffff:192.0.2.10", forwardedFor: undefined, trustProxy: false, expected: "192.0.2.10" },
    { name: "IPv6 socket stays as is", socketAddress: "2001:db8::1", forwardedFor: undefined, trustProxy: false, expected: "2001:db8::1" },
    { name: "IPv6 loopback stays as is", socketAddress: "::1", forwardedFor: undefined, trustProxy: false, expected: "::1" },
    { name: "no socket address", socketAddress: undefined, forwardedFor: undefined, trustProxy: false, expected: "unknown" },
    { name: "spoofed X-Forwarded-For ignored when the proxy is not trusted", socketAddress: "192.0.2.10", forwardedFor: "203.0.113.7", trustProxy: false, expected: "192.0.2.10" },
    { name: "spoofed list ignored when not trusted", socketAddress: "::ffff:192.0.2.10", forwardedFor: ["203.0.113.7", "198.51.100.1"], trustProxy: false, expected: "192.0.2.10" },
    { name: "spoofed header without socket address gives unknown", socketAddress: undefined, forwardedFor: "203.0.113.7", trustProxy: false, expected: "unknown" },
    { name: "trusted proxy: the forwarded address", socketAddress: "10.0.0.2", forwardedFor: "203.0.113.7", trustProxy: true, expected: "203.0.113.7" },
    { name: "trusted proxy: whitespace trimmed", socketAddress: "10.0.0.2", forwardedFor: "  203.0.113.7  ", trustProxy: true, expected: "203.0.113.7" },
    { name: "trusted proxy: the entry the proxy appended (right-most), not the client's forged ones", socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.7", trustProxy: true, expected: "203.0.113.7" },
    { name: "trusted proxy: header given as a list", socketAddress: "10.0.0.2", forwardedFor: ["6.6.6.6", "::ffff:203.0.113.8"], trustProxy: true, expected: "203.0.113.8" },
    { name: "trusted proxy without header: socket address", socketAddress: "::ffff:10.0.0.2", forwardedFor: undefined, trustProxy: true, expected: "10.0.0.2" },
    { name: "trusted proxy, empty header: socket address", socketAddress: "10.0.0.2", forwardedFor: "", trustProxy: true, expected: "10.0.0.2" },
    { name: "trusted proxy, header of only commas: socket address", socketAddress: "10.0.0.2", forwardedFor: " , ", trustProxy: true, expected: "10.0.0.2" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(resolveClientIp({ socketAddress: c.socketAddress, forwardedFor: c.forwardedFor, trustProxy: c.trustProxy }), c.expected);
    });
  }

  test("a trusted but oversized header is cut to 64 characters", () => {
    const got = resolveClientIp({ socketAddress: "10.0.0.2", forwardedFor: "x".repeat(500), trustProxy: true });
    assert.equal(got.length, 64);
  });
});

describe("clientIpFrom", () => {
  test("reads the header the server sets", () => {
    assert.equal(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: " 192.0.2.10 " })), "192.0.2.10");
  });
  test("unknown when missing or blank", () => {
    assert.equal(clientIpFrom(new Headers()), "unknown");
    assert.equal(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: "  " })), "unknown");
  });
  test("ignores X-Forwarded-For (only the server-set header counts)", () => {
    assert.equal(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7" })), "unknown");
  });
});
