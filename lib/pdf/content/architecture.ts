/** Architectuuroverzicht DUO: XCA-I, Mitz, gateways and the three infrastructures. */
import { rgb } from "pdf-lib";
import { COLORS, type Block, type CustomContext } from "../layout";
import { endpointsTable, institutionBlock, vendorParagraph, type ContentContext } from "./shared";
import type { VendorKey } from "../format";

function box(
  c: CustomContext,
  x: number,
  yTop: number,
  w: number,
  h: number,
  title: string,
  sub: string,
  highlight: boolean,
) {
  const { page, layout } = c;
  page.drawRectangle({
    x,
    y: yTop - h,
    width: w,
    height: h,
    color: highlight ? COLORS.accent : COLORS.accentLight,
    borderColor: COLORS.accent,
    borderWidth: 0.8,
  });
  const fg = highlight ? COLORS.white : COLORS.accent;
  layout.text(page, title, { x: x + w / 2, y: yTop - 16, size: 9, bold: true, color: fg, align: "center", maxWidth: w - 8 });
  const lines = layout.wrap(sub, 7.5, w - 10);
  layout.drawLines(page, lines, x + 5, yTop - 22, 7.5, highlight ? COLORS.white : COLORS.text, "center", w - 10);
}

function diagram(ctx: ContentContext): Block {
  const infra: { key: VendorKey; title: string; sub: string }[] = [
    { key: "enovation", title: "Enovation XDS", sub: "XDS-affinity domains; regionale groepen (o.a. Knoop.convenant)" },
    { key: "founda", title: "Founda XDSCloud", sub: "XDS in de cloud; toestemming via Mitz" },
    { key: "alphatron", title: "Alphatron Beeldtijdlijn", sub: "Op het Twiin Portaal; gateway per instelling" },
  ];
  return {
    kind: "custom",
    height: 256,
    draw: (c) => {
      const { page, layout, x, top, width } = c;
      const gap = 14;
      const bw = (width - 2 * gap) / 3;
      // Mitz on top
      const mitzW = 220;
      box(c, x + (width - mitzW) / 2, top - 4, mitzW, 42, "Mitz", "toestemming en lokalisatie (VZVZ)", false);
      // DUO band
      const bandTop = top - 74;
      page.drawRectangle({ x, y: bandTop - 30, width, height: 30, color: rgb(0.95, 0.97, 1), borderColor: COLORS.accent, borderWidth: 1.2 });
      layout.text(page, "DUO — XCA-I volgens NTA v1.1 (ITI-38, ITI-39, RAD-75), mTLS met UZI-servercertificaten", {
        x: x + width / 2,
        y: bandTop - 19,
        size: 8.5,
        bold: true,
        color: COLORS.accent,
        align: "center",
        maxWidth: width - 10,
      });
      page.drawLine({ start: { x: x + width / 2, y: top - 46 }, end: { x: x + width / 2, y: bandTop }, thickness: 1.2, color: COLORS.accent, dashArray: [3, 2] });
      const boxesTop = bandTop - 62;
      infra.forEach((inf, i) => {
        const bx = x + i * (bw + gap);
        const mine = ctx.vendor === inf.key;
        page.drawLine({ start: { x: bx + bw / 2, y: bandTop - 30 }, end: { x: bx + bw / 2, y: boxesTop }, thickness: 1.2, color: COLORS.accent });
        layout.text(page, "gateway", { x: bx + bw / 2 + 4, y: bandTop - 48, size: 7, color: COLORS.muted });
        box(c, bx, boxesTop, bw, 60, inf.title, inf.sub, mine);
        if (mine) {
          const label = layout.wrap(`uw instelling: ${ctx.institution}`, 7.5, bw, true);
          layout.drawLines(page, label.slice(0, 2), bx, boxesTop - 64, 7.5, COLORS.accent, "center", bw);
        }
        // The institutions behind each infrastructure
        for (let k = 0; k < 4; k++) {
          const cx = bx + 12 + k * ((bw - 24) / 3);
          page.drawCircle({ x: cx, y: boxesTop - 96, size: 5, color: mine && k === 0 ? COLORS.accent : COLORS.rule });
        }
      });
      layout.text(page, "Zorginstellingen (bronhouders en raadplegers) achter elke infrastructuur", {
        x: x + width / 2,
        y: top - c.height + 6,
        size: 7.5,
        color: COLORS.muted,
        align: "center",
      });
    },
  };
}

export function architectureContent(ctx: ContentContext): Block[] {
  return [
    { kind: "heading", level: 2, text: "1. Samenvatting" },
    {
      kind: "paragraph",
      text: "DUO (Decentrale Uitwisseling Onderling) verbindt de twee bestaande werelden voor beeldbeschikbaarheid tot één landelijk netwerk: de XDS-wereld van Enovation en Founda Health, waarin ongeveer 57 instellingen in regionale groepen samenwerken, en de Beeldtijdlijn van Alphatron, gebouwd op het Twiin Portaal, waarin elke instelling achter een eigen gateway zit. Beide kanten bieden dezelfde drie functies: de tijdlijn opvragen, de toestemming controleren en de bestanden overdragen.",
    },
    {
      kind: "paragraph",
      text: "Het netwerk werkt volgens het pull-principe: gegevens blijven bij de bron, en worden pas opgehaald wanneer een behandelend zorgverlener ze nodig heeft en de patiënt toestemming heeft gegeven. Er is geen centrale opslag van beelden of verslagen.",
    },
    diagram(ctx),
    { kind: "heading", level: 2, text: "2. Drie infrastructuren, één netwerk" },
    {
      kind: "table",
      columns: [
        { header: "Infrastructuur", width: 0.22 },
        { header: "Kenmerken", width: 0.43 },
        { header: "Mitz nodig", width: 0.35 },
      ],
      rows: [
        ["Enovation XDS", "XDS-affinity domains in regionale groepen; de grootste groep (36 instellingen) werkt onder het Knoop.convenant. DUO onderdeel van de dienst per 01-01-2026.", "Niet voor uitwisseling binnen de eigen regio, wel voor DUO."],
        ["Founda XDSCloud", "XDS als clouddienst; Founda voegt de toestemming van de patiënt via Mitz toe aan de dienst. DUO per 01-01-2026.", "Niet voor uitwisseling binnen de eigen XDS-omgeving, wel voor DUO."],
        ["Alphatron Beeldtijdlijn", "Voorheen \"TLB\"; tijdlijn op basis van het Twiin Portaal met een gateway per instelling. \"TLB met Mitz\" per 01-02-2026, met DUO per 01-06-2026.", "Ja, vóór elke uitwisseling: toestemming en lokalisatie via Mitz zijn noodzakelijk."],
      ],
    },
    { kind: "paragraph", text: vendorParagraph(ctx) },
    { kind: "heading", level: 2, text: "3. XCA-I en de transacties" },
    {
      kind: "paragraph",
      text: "De koppeling tussen de infrastructuren volgt IHE XCA-I (Cross-Community Access for Imaging) zoals vastgelegd in de technische afspraak NTA v1.1. Elke infrastructuur heeft een initiating gateway, die namens de eigen zorgverleners vragen stelt, en een responding gateway, die vragen van andere gemeenschappen beantwoordt. Elke gateway heeft een eigen homeCommunityId in de vorm urn:oid:<OID>.",
    },
    {
      kind: "table",
      columns: [
        { header: "Transactie", width: 0.27 },
        { header: "SOAP-actie (verzoek)", width: 0.45 },
        { header: "MTOM", width: 0.1 },
        { header: "Doel", width: 0.18 },
      ],
      rows: [
        ["ITI-38 Cross Gateway Query", "urn:ihe:iti:2007:CrossGatewayQuery", "nee", "Tijdlijn opvragen"],
        ["ITI-39 Cross Gateway Retrieve", "urn:ihe:iti:2007:CrossGatewayRetrieve", "ja", "Verslag ophalen"],
        ["RAD-75 Cross Gateway Retrieve Imaging Document Set", "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet", "ja", "Beelden ophalen"],
      ],
    },
    {
      kind: "paragraph",
      text: "Berichten zijn SOAP 1.2 (application/soap+xml) met WS-Addressing-headers (Action, MessageID, ReplyTo, To) en een WS-Security-header met een SAML-assertie (ITI-40) die de raadplegende zorgverlener en instelling identificeert. Een antwoord bevat de bijbehorende response-actie en RelatesTo met de MessageID van het verzoek. De status van een query is Success, PartialSuccess of Failure; een Success zonder documenten betekent \"geen onderzoeken gevonden\" en is geen fout.",
    },
    {
      kind: "paragraph",
      text: "Op de tijdlijn verschijnen onderzoeken als DICOM KOS-verwijzingen (formatCode 1.2.840.10008.5.1.4.1.1.88.59) en verslagen als PDF of CDA. Iedere echte raadpleging wordt gelogd (ITI-20) en vereist een patiënt met geregistreerde toestemming.",
    },
    { kind: "heading", level: 2, text: "4. Mitz: toestemming en lokalisatie" },
    {
      kind: "paragraph",
      text: "Mitz is de landelijke voorziening waarin patiënten toestemming registreren voor het beschikbaar stellen van hun gegevens. Voor DUO levert Mitz twee functies: de toestemmingscontrole (mag deze instelling gegevens van deze patiënt ontvangen?) en de lokalisatie (bij welke bronhouders zijn beeldonderzoeken van deze patiënt beschikbaar?). Een instelling sluit aan via een geaccepteerde Mitz-connector van haar leverancier. In de testomgeving van Mitz worden eerst het clientcertificaat en het notificatie-endpoint gewhitelist; daarna volgt de productieaansluiting en het aanmelden van de bronnen.",
    },
    { kind: "heading", level: 2, text: "5. Vertrouwen en transportbeveiliging" },
    {
      kind: "bullets",
      items: [
        "**TLS**: versie 1.3 is goed, 1.2 is voldoende, oudere versies worden geweigerd (richtlijnen NCSC). Tussen gateways geldt wederzijdse authenticatie (mTLS).",
        "**Certificaten**: UZI-servercertificaten onder de PKIoverheid private hiërarchie: \"Staat der Nederlanden Private Root CA - G1\" (geldig tot uiterlijk november 2028) en de G4-opvolgers. Het vertrouwen is een geconfigureerde trust store, nooit de publieke web-PKI.",
        "**URA in het certificaat**: het subjectAltName-veld bevat een otherName (OID 2.5.5.5) met onder meer het URA-nummer van de instelling; het portaal vergelijkt dit met het geregistreerde URA.",
        "**Controle**: hostnaam tegen de SAN, resterende geldigheid (waarschuwingen bij 90, 60, 30, 14 en 7 dagen) en de volledige keten tot de private root.",
      ],
    },
    { kind: "heading", level: 2, text: "6. Adressering en netwerkregister" },
    {
      kind: "paragraph",
      text: "Het DUO-netwerkregister bevat per instelling, per omgeving (acceptatie en productie) en per transactie het adres van de gateway, de homeCommunityId, de status (actief, opgeschort, uit of foutief ingevoerd) en de geldigheidsperiode. Het register volgt de landelijke adresseringsconventie (Generieke Functie Adressering, IHE mCSD op FHIR R4): instellingen als Organization met hun URA, gateways als Endpoint met connectionType ihe-xca. Niets wordt verwijderd; wijzigingen zijn terug te vinden in de historie.",
    },
    { kind: "heading", level: 2, text: "7. Uw aansluiting" },
    institutionBlock(ctx),
    { kind: "heading", level: 3, text: "Geregistreerde endpoints" },
    ...endpointsTable(ctx),
  ];
}
