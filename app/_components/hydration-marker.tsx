"use client";
import { useEffect } from "react";

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`). Until then, buttons
 * that only work through JavaScript (`type="button"` with a click handler) would swallow a click
 * silently; globals.css makes them ignore the pointer until the mark is set, so a fast click on a
 * freshly loaded page is not lost (people on a slow connection, and the e2e tests, wait for it).
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "1";
  }, []);
  return null;
}
