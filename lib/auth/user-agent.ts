/**
 * A User-Agent header reduced to what a person recognises in a session list: browser and
 * operating system ("Chrome op Linux"). Deliberately small: the list only needs to tell
 * "my laptop" from "my phone", and an unknown agent is shown as such rather than guessed.
 * Order matters: Edge, Opera and Samsung Internet also say "Chrome", iOS also says "Mac OS X",
 * Android also says "Linux".
 */

/** What is stored per session: enough to recognise, bounded so a hostile header costs nothing. */
export const USER_AGENT_MAX_LENGTH = 300;

export function truncateUserAgent(ua: string | null | undefined) {
  return (ua ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, USER_AGENT_MAX_LENGTH);
}

export type Device = { browser: string | null; os: string | null };

const BROWSERS: [RegExp, string][] = [
  [/\b(Edg|EdgA|EdgiOS|Edge)\//, "Edge"],
  [/\b(OPR|OPiOS|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|CriOS|HeadlessChrome)\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPod)\b/, "iOS"],
  [/\biPad\b/, "iPadOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\b(Macintosh|Mac OS X)\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

export function parseUserAgent(ua: string | null | undefined): Device {
  const s = ua ?? "";
  return {
    browser: BROWSERS.find(([re]) => re.test(s))?.[1] ?? null,
    os: SYSTEMS.find(([re]) => re.test(s))?.[1] ?? null,
  };
}

export type DeviceTexts = { browser_on_os: string; unknown: string };

/** "Chrome op Linux", "Firefox", "Windows", or the unknown text; templates come from i18n. */
export function describeDevice(device: Device, texts: DeviceTexts) {
  if (device.browser && device.os) return texts.browser_on_os.replace("{browser}", device.browser).replace("{os}", device.os);
  return device.browser ?? device.os ?? texts.unknown;
}
