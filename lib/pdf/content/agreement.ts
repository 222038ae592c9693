/** Deelnameovereenkomst DUO (model participation agreement), personalised. */
import type { Block } from "../layout";
import { formatDate } from "../format";
import { contactsTable, endpointsTable, institutionBlock, type ContentContext } from "./shared";

export function agreementContent(ctx: ContentContext): Block[] {
  const i = ctx.opts.institution;
  const lead = ctx.contact("project_lead");
  return [
    { kind: "heading", level: 2, text: "Partijen" },
    {
      kind: "paragraph",
      text: `**1. ${i.name}**, gevestigd te ${i.city || "(vestigingsplaats)"}, ingeschreven in het UZI-register onder URA-nummer ${i.ura}${i.kvk ? ` en bij de Kamer van Koophandel onder nummer ${i.kvk}` : ""}, hierna te noemen: "de Deelnemer";`,
    },
    {
      kind: "paragraph",
      text: `**2. het Programmabureau Landelijke Beeldbeschikbaarheid**, handelend namens de stuurgroep DUO in opdracht van het Ministerie van VWS en Zorgverzekeraars Nederland, hierna te noemen: "het Programma";`,
    },
    {
      kind: "paragraph",
      text: "hierna gezamenlijk te noemen: \"Partijen\".",
    },
    { kind: "heading", level: 2, text: "Overwegingen" },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "Zorgverleners hebben tijdens de behandeling van hun patiënten behoefte aan een landelijk dekkend overzicht van radiologische beeldonderzoeken en verslagen, ongeacht bij welke zorginstelling die zijn gemaakt.",
        "In de proof of concept van april tot en met juni 2025 is aangetoond dat de infrastructuren van Enovation (XDS), Founda Health (XDSCloud) en Alphatron (Beeldtijdlijn, gebouwd op het Twiin Portaal) via DUO (Decentrale Uitwisseling Onderling) met elkaar kunnen worden verbonden op basis van XCA-I en de technische afspraak NTA v1.1, met toestemming van de patiënt via Mitz.",
        "Het Digitale Transformatie Overleg (DTO) heeft ingestemd met de landelijke uitrol, met als streefdatum 31 december 2026 voor circa 130 zorginstellingen, onder voorwaarde van een gelijk speelveld voor zorgaanbieders en leveranciers.",
        "De Deelnemer wil via DUO beeldonderzoeken beschikbaar stellen en raadplegen, en Partijen wensen de afspraken daarover in deze overeenkomst vast te leggen, aanvullend op de Twiin-deelnemersovereenkomst.",
      ],
    },
    { kind: "heading", level: 2, text: "Artikel 1 — Begripsbepalingen" },
    {
      kind: "keyValues",
      pairs: [
        ["DUO", "Decentrale Uitwisseling Onderling: de koppeling die de XDS-infrastructuren en de Beeldtijdlijn verbindt tot één landelijk netwerk voor beeldbeschikbaarheid."],
        ["Tijdlijn", "Het overzicht van beeldonderzoeken en verslagen van één patiënt, samengesteld uit de bronnen van alle aangesloten zorginstellingen."],
        ["Gateway", "Het technische koppelvlak van een infrastructuur dat XCA-I-berichten (ITI-38, ITI-39, RAD-75) verstuurt en beantwoordt."],
        ["Mitz", "De landelijke voorziening voor toestemming en lokalisatie, waarmee de patiënt toestemming registreert en waarmee wordt bepaald bij welke bronhouders gegevens beschikbaar zijn."],
        ["Bronhouder", "De zorginstelling die een beeldonderzoek of verslag heeft gemaakt en beschikbaar stelt."],
        ["Raadpleger", "De zorginstelling waarvan een behandelend zorgverlener gegevens opvraagt bij een bronhouder."],
        ["Leverancier", "De partij die de Deelnemer de tijdlijnfunctionaliteit levert: Enovation, Founda Health of Alphatron."],
        ["Portaal", "Het DUO onboarding-portaal waarin de Deelnemer zijn voortgang, contactpersonen en endpoints bijhoudt."],
      ],
    },
    { kind: "heading", level: 2, text: "Artikel 2 — Doel en reikwijdte" },
    {
      kind: "paragraph",
      text: "2.1 Deze overeenkomst regelt de voorwaarden waaronder de Deelnemer via DUO radiologische beeldonderzoeken en verslagen beschikbaar stelt aan en opvraagt bij andere aangesloten zorginstellingen, volgens het principe van pull: gegevens blijven bij de bron en worden alleen opgehaald wanneer een behandelend zorgverlener ze nodig heeft.",
    },
    {
      kind: "paragraph",
      text: "2.2 De overeenkomst ziet op radiologie. Uitbreiding naar andere beeldvormende specialismen is mogelijk bij een nieuwe versie van deze overeenkomst, na besluitvorming in het DTO.",
    },
    {
      kind: "paragraph",
      text: "2.3 De afspraken over onderling vertrouwen, aansprakelijkheid en geschillen tussen zorginstellingen zijn vastgelegd in de Twiin-deelnemersovereenkomst met samenwerkingsvoorwaarden. Bij strijdigheid gaat de Twiin-deelnemersovereenkomst voor.",
    },
    { kind: "heading", level: 2, text: "Artikel 3 — Voorwaarden voor aansluiting" },
    {
      kind: "paragraph",
      text: "3.1 De Deelnemer wordt op het productienetwerk van DUO aangesloten zodra aan de drie randvoorwaarden is voldaan en het Programma dit in het Portaal heeft geverifieerd:",
    },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "**Overeenkomsten getekend en vertrouwen geborgd**: de Deelnemer heeft een leverancier gekozen, de overeenkomst met die leverancier gesloten en de Twiin-deelnemersovereenkomst ondertekend (intentieverklaring, dossier, validatieloket, bestuursbesluit, ondertekening).",
        "**Aangesloten op Mitz**: via een geaccepteerde Mitz-connector; in de testomgeving van Mitz zijn het clientcertificaat en het notificatie-endpoint vooraf gewhitelist.",
        "**Mitz voldoende gevuld**: de Deelnemer heeft zijn beschikbare bronmateriaal in Mitz aangemeld, en patiënten kunnen hun toestemming registreren.",
      ],
    },
    {
      kind: "paragraph",
      text: "3.2 Daarnaast heeft de Deelnemer een DPIA uitgevoerd of geactualiseerd voor de verwerking via DUO, en is de verbinding met DUO in de acceptatieomgeving succesvol getest.",
    },
    { kind: "heading", level: 2, text: "Artikel 4 — Verplichtingen van de Deelnemer" },
    {
      kind: "bullets",
      items: [
        "De Deelnemer voldoet aantoonbaar aan NEN 7510 (informatiebeveiliging), NEN 7512 (vertrouwensbasis voor gegevensuitwisseling) en NEN 7513 (logging van toegang tot patiëntgegevens).",
        "De gateway van de Deelnemer is uitsluitend bereikbaar via wederzijds geauthenticeerde TLS (versie 1.2 of hoger) met een geldig UZI-servercertificaat onder de PKIoverheid private hiërarchie, waarin het URA-nummer van de Deelnemer is opgenomen.",
        "De Deelnemer houdt zijn endpoints, homeCommunityId's en contactpersonen in het Portaal actueel en meldt geplande wijzigingen en onderhoudsvensters ten minste vijf werkdagen vooraf.",
        "De Deelnemer raadpleegt gegevens uitsluitend in het kader van een behandelrelatie en met een geldige toestemming van de patiënt in Mitz.",
        "De Deelnemer meldt beveiligingsincidenten die DUO raken binnen 24 uur na ontdekking bij het Programma en bij de betrokken leverancier, onverminderd de wettelijke meldplicht bij de Autoriteit Persoonsgegevens.",
        "De Deelnemer zorgt ervoor dat zijn CISO en functionaris gegevensbescherming de geldende versie van de toolkit hebben ontvangen en de kennisname in het Portaal hebben bevestigd.",
      ],
    },
    { kind: "heading", level: 2, text: "Artikel 5 — Verplichtingen van het Programma" },
    {
      kind: "bullets",
      items: [
        "Het Programma onderhoudt het DUO-netwerkregister met de endpoints van alle deelnemers en publiceert dit volgens de landelijke adresseringsconventie (FHIR, IHE mCSD).",
        "Het Programma controleert periodiek de bereikbaarheid van de geregistreerde gateways en informeert de Deelnemer bij storingen en bij certificaten die binnen 30 dagen verlopen.",
        "Het Programma stelt de toolkit beschikbaar (deze overeenkomst, de DPIA-handreiking, het architectuuroverzicht, het implementatieplan met intakeformulier en de handouts) en publiceert nieuwe versies met een wijzigingsnotitie.",
        "Het Programma behandelt de door de Deelnemer aangeleverde gegevens vertrouwelijk en gebruikt ze uitsluitend voor de uitrol en het beheer van DUO.",
      ],
    },
    { kind: "heading", level: 2, text: "Artikel 6 — Toestemming en privacy" },
    {
      kind: "paragraph",
      text: "6.1 Iedere deelnemende zorginstelling blijft verwerkingsverantwoordelijke voor de gegevens die zij als bronhouder beschikbaar stelt en voor de raadplegingen door haar eigen zorgverleners. De leverancier treedt op als verwerker op basis van de verwerkersovereenkomst tussen de Deelnemer en de leverancier.",
    },
    {
      kind: "paragraph",
      text: "6.2 Gegevens worden via DUO alleen beschikbaar gesteld wanneer de patiënt daarvoor in Mitz toestemming heeft gegeven. Een raadpleging zonder geldige toestemming wordt door de bron geweigerd. Iedere raadpleging wordt vastgelegd (IHE ITI-20) en is voor de patiënt en de bronhouder herleidbaar.",
    },
    {
      kind: "paragraph",
      text: "6.3 Het Programma verwerkt geen medische gegevens en geen burgerservicenummers. Het Portaal bevat uitsluitend organisatie-, contact- en configuratiegegevens.",
    },
    { kind: "heading", level: 2, text: "Artikel 7 — Financiering" },
    {
      kind: "paragraph",
      text: "7.1 De financiering volgt de door VWS en Zorgverzekeraars Nederland vastgestelde regeling, die jaarlijks wordt herzien. Op het moment van publicatie van deze versie geldt het volgende voorstel:",
    },
    {
      kind: "bullets",
      // The Beeldtijdlijn toolkit states the Deelnemer's own arrangement first.
      items: ctx.variant === "beeldtijdlijn" ? [BEELDTIJDLIJN_FINANCING, XDS_FINANCING, PACS_FINANCING] : [XDS_FINANCING, BEELDTIJDLIJN_FINANCING, PACS_FINANCING],
    },
    {
      kind: "paragraph",
      text: "7.2 De regeling vormt een samenhangend pakket: zonder de overeenkomsten uit artikel 3.1 onder 1 vindt geen betaling plaats. De regeling kan eindigen zodra een structureel alternatief beschikbaar is.",
    },
    { kind: "heading", level: 2, text: "Artikel 8 — Duur en beëindiging" },
    {
      kind: "paragraph",
      text: "8.1 Deze overeenkomst gaat in op de datum van ondertekening door beide Partijen en geldt voor onbepaalde tijd. 8.2 Iedere Partij kan de overeenkomst schriftelijk opzeggen met een opzegtermijn van zes maanden. 8.3 Bij beëindiging van de Twiin-deelnemersovereenkomst eindigt deze overeenkomst van rechtswege; de endpoints van de Deelnemer worden dan in het netwerkregister op status \"uit\" gezet en niet verwijderd, zodat de historie bewaard blijft.",
    },
    { kind: "heading", level: 2, text: "Artikel 9 — Wijzigingen" },
    {
      kind: "paragraph",
      text: `Het Programma kan deze overeenkomst wijzigen na consultatie van de deelnemers. Een nieuwe versie wordt in het Portaal gepubliceerd met een wijzigingsnotitie en treedt niet eerder in werking dan één maand na publicatie. Deze versie (${ctx.version.label}) is gepubliceerd op ${formatDate(ctx.version.publishedOn)}.`,
    },
    { kind: "heading", level: 2, text: "Artikel 10 — Slotbepalingen" },
    {
      kind: "paragraph",
      text: "Op deze overeenkomst is Nederlands recht van toepassing. Geschillen worden eerst voorgelegd aan de stuurgroep DUO; komen Partijen er niet uit, dan volgt de geschillenregeling van de Twiin-deelnemersovereenkomst.",
    },
    { kind: "heading", level: 2, text: "Bijlage A — Gegevens van de Deelnemer" },
    institutionBlock(ctx),
    { kind: "heading", level: 3, text: "Contactpersonen" },
    ...contactsTable(ctx),
    { kind: "heading", level: 3, text: "Geregistreerde gateway-endpoints" },
    ...endpointsTable(ctx),
    { kind: "heading", level: 2, text: "Ondertekening" },
    {
      kind: "paragraph",
      text: `Aldus overeengekomen en in tweevoud ondertekend.${lead ? ` Namens de Deelnemer is ${lead.name} (projectleider) het aanspreekpunt voor de uitvoering.` : ""}`,
    },
    { kind: "signatures", parties: [i.name, "Programmabureau Landelijke Beeldbeschikbaarheid"] },
  ];
}

const XDS_FINANCING =
  "Zorginstellingen met een XDS-oplossing van Enovation of Founda Health met een werkende DUO-koppeling inclusief Mitz en getekende overeenkomsten ontvangen een jaarlijkse tegemoetkoming van circa EUR 35.000, vergelijkbaar met de kosten van de Beeldtijdlijn.";
const BEELDTIJDLIJN_FINANCING =
  "Voor gebruikers van de Beeldtijdlijn van Alphatron wordt de basisdienst gefinancierd via VZVZ, zoals het Twiin Portaal; er volgt geen betaling per instelling.";
const PACS_FINANCING =
  "Aan een eenmalige tegemoetkoming voor de integratie van de tijdlijn in het PACS wordt gewerkt; de kosten van het PACS zelf worden niet gefinancierd.";
