// What every test file shares: the client for the service under test and a way to make unique names.
import { randomUUID } from "node:crypto";
import { createRecordsClient } from "../src/client.js";

/** The service under test: RECORDSAPI_URL (the live service, or Prism in front of it). */
export const baseUrl = process.env.RECORDSAPI_URL ?? "http://localhost:8080";

/** The key for writes, if the service asks for one (RECORDSAPI_KEY). */
export const apiKey = process.env.RECORDSAPI_KEY || undefined;

export const api = createRecordsClient({ baseUrl, apiKey });

/** A name no other test run uses, so tests can create rows without stepping on each other. */
export function unique(prefix: string): string {
  return `${prefix} ${randomUUID().slice(0, 8)}`;
}
