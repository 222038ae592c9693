import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { publicBase, publicRequestUrl } from "@/lib/api/public-url";

const h = (headers: Record<string, string>) => new Headers(headers);

describe("publicBase", () => {
  const cases: [string, { appUrl: string; trustProxy: boolean }, Record<string, string>, string][] = [
    ["APP_URL by default", { appUrl: "https://duo.example", trustProxy: false }, {}, "https://duo.example"],
    ["APP_URL's path prefix kept, trailing slash dropped", { appUrl: "https://duo.example/portal/", trustProxy: false }, {}, "https://duo.example/portal"],
    ["forwarded headers ignored without TRUST_PROXY", { appUrl: "https://duo.example", trustProxy: false }, { "x-forwarded-host": "evil.example", "x-forwarded-proto": "http", host: "evil.example" }, "https://duo.example"],
    ["forwarded host and proto with TRUST_PROXY", { appUrl: "http://internal:3000/portal", trustProxy: true }, { "x-forwarded-host": "duo.example:8443", "x-forwarded-proto": "https" }, "https://duo.example:8443/portal"],
    ["the right-most entry is the proxy's", { appUrl: "http://internal:3000", trustProxy: true }, { "x-forwarded-host": "a.example, b.example", "x-forwarded-proto": "http,https" }, "https://b.example"],
    ["host without proto keeps APP_URL's scheme", { appUrl: "https://internal", trustProxy: true }, { "x-forwarded-host": "duo.example" }, "https://duo.example"],
    ["proto without host keeps APP_URL's host", { appUrl: "http://duo.example", trustProxy: true }, { "x-forwarded-proto": "https" }, "https://duo.example"],
    ["a malformed host is ignored", { appUrl: "https://duo.example", trustProxy: true }, { "x-forwarded-host": "duo.example/evil?x=" }, "https://duo.example"],
    ["an unknown proto is ignored", { appUrl: "https://duo.example", trustProxy: true }, { "x-forwarded-proto": "javascript" }, "https://duo.example"],
    ["an IPv6 host", { appUrl: "https://duo.example", trustProxy: true }, { "x-forwarded-host": "[::1]:8443" }, "https://[::1]:8443"],
  ];
  for (const [name, cfg, headers, expected] of cases) {
    test(name, () => assert.equal(publicBase(h(headers), cfg), expected));
  }
  test("publicRequestUrl: the public base, then the request's path and query", () => {
    const req = new Request("http://localhost:3000/fhir/Endpoint?_count=2&x=%2B", { headers: { "x-forwarded-host": "duo.example" } });
    assert.equal(publicRequestUrl(req, { appUrl: "http://internal/duo", trustProxy: true }).toString(), "http://duo.example/duo/fhir/Endpoint?_count=2&x=%2B");
  });
});
