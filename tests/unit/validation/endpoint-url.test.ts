import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ENDPOINT_URL_MAX_LENGTH,
  ENDPOINT_URL_MESSAGES,
  endpointUrlSchema,
  validateEndpointUrl,
  type EndpointUrlCode,
  type EndpointUrlOptions,
  type EndpointUrlResult,
} from "@/lib/validation/endpoint-url";
import { translate } from "@/lib/i18n/messages";
import { messageText } from "@/lib/validation/messages";

/** A refusal as the person sees it; the key must be one of ENDPOINT_URL_MESSAGES. */
const text = (r: Extract<EndpointUrlResult, { ok: false }>, locale: "nl" | "en" = "nl") => {
  assert.ok((ENDPOINT_URL_MESSAGES as readonly string[]).includes(r.key.replace(/^checks\.url\./, "")), r.key);
  return translate(locale, r.key, r.params);
};

type Case = { input: string; options?: EndpointUrlOptions; code?: EndpointUrlCode; url?: string };

const DEV: EndpointUrlOptions = { httpAllowedHosts: ["localhost", "127.0.0.1", "[::1]", "simulator.test:8443"] };

function run(cases: Case[]) {
  for (const c of cases) {
    const label = `${JSON.stringify(c.input.length > 60 ? `${c.input.slice(0, 60)}…` : c.input)} ${c.options ? JSON.stringify(c.options) : ""} -> ${c.code ?? "ok"}`;
    test(label, () => {
      const r = validateEndpointUrl(c.input, c.options);
      if (c.code === undefined) {
        assert.equal(r.ok, true, r.ok ? "" : `${r.code}: ${text(r)}`);
        if (r.ok && c.url) assert.equal(r.url, c.url);
      } else {
        assert.equal(r.ok, false, `expected ${c.code}`);
        if (!r.ok) {
          assert.equal(r.code, c.code, text(r));
          assert.ok(text(r).length > 10 && text(r, "en").length > 10);
          assert.notEqual(text(r), translate("nl", "errors.validation"), `${r.key} has a message`);
        }
      }
    });
  }
}

describe("accepted URLs", () => {
  run([
    { input: "https://gateway.ziekenhuis-lindewaard.nl/xca/iti38", url: "https://gateway.ziekenhuis-lindewaard.nl/xca/iti38" },
    { input: "  https://gw.example.nl:8443/services/RespondingGateway?wsdl  ", url: "https://gw.example.nl:8443/services/RespondingGateway?wsdl" },
    { input: "HTTPS://GW.Example.NL:443/Query", url: "https://gw.example.nl/Query" },
    { input: "https://xds.ëxample.nl/q", url: "https://xds.xn--xample-ova.nl/q" },
    { input: "https://8.8.8.8/xca" },
    { input: "https://[2a00:1450:400e:80c::200e]/xca" },
    { input: "https://gw.example.nl/pad%20met%20spatie" },
    // Acceptance endpoints may live on internal networks.
    { input: "https://10.20.30.40/xca", options: { environment: "acceptance" } },
    { input: "https://localhost:9443/xca", options: { environment: "acceptance" } },
    { input: "https://gateway/xca", options: { environment: "acceptance" } },
    // Development: plain http for allow-listed hosts, internal targets allowed explicitly.
    { input: "http://localhost:8080/xca", options: { ...DEV, environment: "acceptance" } },
    { input: "http://127.0.0.1:8080/xca", options: { ...DEV, allowedInternalTargets: ["127.0.0.0/8"] } },
    { input: "http://[::1]:8080/xca", options: { ...DEV, allowedInternalTargets: ["::1/128"] } },
    { input: "http://simulator.test:8443/xca", options: DEV },
    { input: "https://127.0.0.7/xca", options: { allowedInternalTargets: ["127.0.0.0/8"] } },
    { input: "https://localhost/xca", options: { allowedInternalTargets: ["localhost"] } },
  ]);

  test("the exact maximum length is accepted", () => {
    const prefix = "https://gw.example.nl/";
    const url = prefix + "a".repeat(ENDPOINT_URL_MAX_LENGTH - prefix.length);
    assert.equal(url.length, ENDPOINT_URL_MAX_LENGTH);
    assert.equal(validateEndpointUrl(url).ok, true);
  });
});

describe("refused: form and scheme", () => {
  run([
    { input: "", code: "required" },
    { input: "   ", code: "required" },
    { input: "javascript:alert(1)", code: "scheme_not_allowed" },
    { input: "JavaScript:alert(document.cookie)", code: "scheme_not_allowed" },
    { input: "file:///etc/passwd", code: "scheme_not_allowed" },
    { input: "data:text/html,<script>alert(1)</script>", code: "scheme_not_allowed" },
    { input: "ftp://gw.example.nl/x", code: "scheme_not_allowed" },
    { input: "ws://gw.example.nl/x", code: "scheme_not_allowed" },
    { input: "gopher://gw.example.nl:70/", code: "scheme_not_allowed" },
    { input: "vbscript:msgbox", code: "scheme_not_allowed" },
    { input: "gw.example.nl/xca", code: "invalid_url" },
    { input: "gw.example.nl:443/xca", code: "invalid_url" },
    { input: "//gw.example.nl/xca", code: "invalid_url" },
    { input: "https:gw.example.nl/xca", code: "invalid_url" },
    { input: "https:/gw.example.nl/xca", code: "invalid_url" },
    { input: "https:\\\\gw.example.nl\\xca", code: "invalid_url" },
    { input: "https://gw.example.nl\\@evil.example/", code: "invalid_url" },
    { input: "https://", code: "invalid_url" },
    { input: "https://gw.exa mple.nl/", code: "whitespace" },
    { input: "https://gw.example.nl/x\ny", code: "whitespace" },
    { input: "https://gw.example.nl/\tx", code: "whitespace" },
    { input: "https://gw.example.nl:99999/", code: "invalid_url" },
    { input: "https://gw.example.nl:0/", code: "invalid_port" },
    { input: "https://gw..example.nl%/", code: "invalid_url" },
    { input: `https://${"a".repeat(64)}.example.nl/`, code: "host_too_long" },
    { input: `https://${"abcdefghi.".repeat(26)}nl/`, code: "host_too_long" },
  ]);

  test("one character over the limit is refused", () => {
    const prefix = "https://gw.example.nl/";
    const url = prefix + "a".repeat(ENDPOINT_URL_MAX_LENGTH - prefix.length + 1);
    const r = validateEndpointUrl(url);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, "too_long");
      assert.equal(text(r), "De URL is te lang: hoogstens 2048 tekens (nu 2049)");
      assert.equal(text(r, "en"), "The URL is too long: at most 2048 characters (got 2049)");
    }
  });

  test("a URL that grows past the limit when normalised is refused", () => {
    // Each "ë" in the path becomes "%C3%AB" (1 -> 6 characters).
    const url = `https://gw.example.nl/${"ë".repeat(400)}`;
    assert.ok(url.length < ENDPOINT_URL_MAX_LENGTH);
    const r = validateEndpointUrl(url);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, "too_long");
      assert.match(text(r), /^De URL is te lang: hoogstens 2048 tekens na omzetting \(nu \d{4}\)$/);
    }
  });
});

describe("refused: credentials, fragments, plain http", () => {
  run([
    { input: "https://user:secret@gw.example.nl/xca", code: "credentials" },
    { input: "https://user@gw.example.nl/xca", code: "credentials" },
    { input: "https://:secret@gw.example.nl/xca", code: "credentials" },
    { input: "https://@gw.example.nl/xca", code: "credentials" },
    { input: "https://gw.example.nl/xca#section", code: "fragment" },
    { input: "https://gw.example.nl/xca#", code: "fragment" },
    { input: "http://gw.example.nl/xca", code: "http_not_allowed" },
    { input: "http://localhost:8080/xca", code: "http_not_allowed" },
    { input: "http://gw.example.nl/xca", options: DEV, code: "http_not_allowed" },
    { input: "http://simulator.test:9999/xca", options: DEV, code: "http_not_allowed" },
    { input: "HTTP://GW.EXAMPLE.NL/", code: "http_not_allowed" },
  ]);

  test("the http message says https only", () => {
    const r = validateEndpointUrl("http://gw.example.nl/");
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(text(r), "Alleen https:// is toegestaan; gewoon http:// kan alleen voor testservers op de lijst van toegestane hosts");
  });
});

describe("refused for production: internal hosts and addresses", () => {
  run([
    { input: "https://localhost/xca", code: "localhost" },
    { input: "https://LOCALHOST./xca", code: "localhost" },
    { input: "https://gateway.localhost/xca", code: "localhost" },
    { input: "https://pacs.local/xca", code: "internal_host" },
    { input: "https://gw.ziekenhuis.internal/xca", code: "internal_host" },
    { input: "https://gw.home.arpa/xca", code: "internal_host" },
    { input: "https://gateway/xca", code: "internal_host" },
    // IPv4
    { input: "https://127.0.0.1/xca", code: "loopback" },
    { input: "https://127.1/xca", code: "loopback" },
    { input: "https://2130706433/xca", code: "loopback" },
    { input: "https://0x7f.0.0.1/xca", code: "loopback" },
    { input: "https://0177.0.0.1/xca", code: "loopback" },
    { input: "https://10.0.0.1/xca", code: "private_address" },
    { input: "https://172.16.5.4/xca", code: "private_address" },
    { input: "https://172.31.255.255/xca", code: "private_address" },
    { input: "https://192.168.1.10:8443/xca", code: "private_address" },
    { input: "https://169.254.1.1/xca", code: "link_local" },
    { input: "https://100.64.0.1/xca", code: "cgnat" },
    { input: "https://100.127.255.254/xca", code: "cgnat" },
    { input: "https://169.254.169.254/latest/meta-data/", code: "metadata" },
    { input: "https://100.100.100.200/", code: "metadata" },
    { input: "https://metadata.google.internal/computeMetadata/v1/", code: "metadata" },
    { input: "https://0.0.0.0/xca", code: "special_address" },
    { input: "https://224.0.0.1/xca", code: "special_address" },
    { input: "https://255.255.255.255/xca", code: "special_address" },
    { input: "https://192.0.2.10/xca", code: "special_address" },
    // IPv6
    { input: "https://[::1]/xca", code: "loopback" },
    { input: "https://[0:0:0:0:0:0:0:1]/xca", code: "loopback" },
    { input: "https://[::ffff:127.0.0.1]/xca", code: "loopback" },
    { input: "https://[::ffff:10.1.2.3]/xca", code: "private_address" },
    { input: "https://[::ffff:169.254.169.254]/xca", code: "metadata" },
    { input: "https://[fd12:3456:789a::1]/xca", code: "private_address" },
    { input: "https://[fc00::1]/xca", code: "private_address" },
    { input: "https://[fe80::1]/xca", code: "link_local" },
    { input: "https://[fd00:ec2::254]/", code: "metadata" },
    { input: "https://[::]/xca", code: "special_address" },
    { input: "https://[ff02::1]/xca", code: "special_address" },
    { input: "https://[2001:db8::1]/xca", code: "special_address" },
    // An allow-list for other addresses does not open these.
    { input: "https://10.0.0.1/xca", options: { allowedInternalTargets: ["127.0.0.0/8"] }, code: "private_address" },
    { input: "https://[::1]/xca", options: { allowedInternalTargets: ["127.0.0.0/8"] }, code: "loopback" },
    { input: "https://localhost/xca", options: { allowedInternalTargets: ["127.0.0.1"] }, code: "localhost" },
  ]);

  test("the message names the address in its usual form", () => {
    const r = validateEndpointUrl("https://[::ffff:10.1.2.3]/");
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(text(r), "::ffff:a01:203 (10.1.2.3) is een privé-adres (intern netwerk) en is niet toegestaan voor productie-endpoints");
  });

  test("special addresses name their range", () => {
    const names: [string, string, string][] = [
      ["https://0.0.0.0/xca", "ongespecificeerd adres", "unspecified address"],
      ["https://224.0.0.1/xca", "multicastadres", "multicast address"],
      ["https://255.255.255.255/xca", "broadcastadres", "broadcast address"],
      ["https://192.0.2.10/xca", "gereserveerd of documentatiebereik", "reserved or documentation range"],
    ];
    for (const [url, nl, en] of names) {
      const r = validateEndpointUrl(url);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.ok(text(r).includes(`is een bijzonder adres (${nl})`), text(r));
        assert.ok(text(r, "en").includes(`is a special-purpose address (${en})`), text(r, "en"));
      }
    }
  });
});

describe("schema", () => {
  test("outputs the normalised URL and refuses with the message key and code", () => {
    const schema = endpointUrlSchema();
    assert.equal(schema.parse(" HTTPS://GW.Example.NL:443/x "), "https://gw.example.nl/x");
    const bad = schema.safeParse("https://10.0.0.1/");
    assert.equal(bad.success, false);
    const issue = bad.error!.issues[0] as { message: string; params?: { code?: string } };
    const nl = (m: string) => messageText((k, v) => translate("nl", k, v), m);
    assert.equal(issue.message, 'checks.url.private_address {"address":"10.0.0.1"}');
    assert.equal(nl(issue.message), "10.0.0.1 is een privé-adres (intern netwerk) en is niet toegestaan voor productie-endpoints");
    assert.equal(issue.params?.code, "private_address");
    assert.equal(nl(schema.safeParse(undefined).error!.issues[0].message), "Vul een URL in");
  });

  test("options are passed through", () => {
    assert.equal(endpointUrlSchema({ environment: "acceptance" }).safeParse("https://10.0.0.1/").success, true);
    assert.equal(endpointUrlSchema(DEV).safeParse("http://simulator.test:8443/x").success, true);
  });
});
