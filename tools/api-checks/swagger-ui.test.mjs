// Swagger UI in a real browser (Debian's chromium driven by playwright-core): a developer opens /swagger,
// authorizes with a key, and runs "Try it out" on a read and a write, checking the answers the page shows.
// Needs RECORDSAPI_URL (the live service) and RECORDSAPI_KEY (a key with the write scope);
// CHROMIUM (default /usr/bin/chromium); ARTIFACTS_DIR for the screenshots (default ../../artifacts):
// swagger-ui.png shows the write Swagger UI made, swagger-ui-page.png the whole page at the end.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = process.env.RECORDSAPI_URL ?? "http://localhost:8080";
const apiKey = process.env.RECORDSAPI_KEY || undefined;
const artifacts = resolve(process.env.ARTIFACTS_DIR ?? join(here, "..", "..", "artifacts"));
const serviceHost = new URL(baseUrl).host;

let context;
let page;
let profile;
const offsiteRequests = [];
const pageErrors = [];

before(async () => {
  profile = mkdtempSync(join(tmpdir(), "records-swagger-ui-"));
  // A persistent context is how playwright takes a user-data-dir: a fresh one, deleted afterwards.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1280, height: 1600 },
  });
  // Swagger UI must work from what the service serves: anything it asks of another host fails the test.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.host === serviceHost || url.protocol === "data:") {
      return route.continue();
    }
    offsiteRequests.push(url.href);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // Generous limits: CI machines are small and shared, and the UI's script bundle is large.
  page.setDefaultTimeout(90_000);
  await page.goto(`${baseUrl}/swagger`, { waitUntil: "domcontentloaded", timeout: 120_000 });
  await page.locator(".opblock").first().waitFor();
});

after(async () => {
  if (page) {
    // The whole page as the tests left it, to see what went wrong when one fails.
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "swagger-ui-page.png"), fullPage: true });
  }
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

/**
 * Opens an operation, presses "Try it out", fills its parameters and body, executes it, and returns
 * the status and body Swagger UI shows. Operations are found by tag and operationId, as the UI names them.
 */
async function tryItOut(tag, operationId, { params = {}, body } = {}) {
  const operation = page.locator(`#operations-${tag}-${operationId}`);
  await operation.scrollIntoViewIfNeeded();
  if (!(await operation.evaluate((element) => element.classList.contains("is-open")))) {
    await operation.locator(".opblock-summary").first().click();
  }
  await operation.locator(".try-out__btn").click();
  for (const [name, value] of Object.entries(params)) {
    await operation.locator(`tr[data-param-name="${name}"] input`).fill(String(value));
  }
  if (body !== undefined) {
    await operation.locator("textarea.body-param__text").fill(JSON.stringify(body, null, 2));
  }
  await operation.locator("button.execute").click();
  const live = operation.locator(".live-responses-table .response").first();
  await live.waitFor();
  const status = Number((await live.locator(".response-col_status").innerText()).trim());
  const text = await live.locator(".response-col_description .microlight").first().innerText();
  // Everything the page shows of the answer, the response headers included.
  const shown = await live.locator(".response-col_description").innerText();
  return { status, body: JSON.parse(text), shown, operation };
}

test("the document loads with every resource's section", async () => {
  const title = await page.locator(".info .title").innerText();
  assert.match(title, /Records API/);
  const sections = await page.locator(".opblock-tag-section h3").allInnerTexts();
  assert.ok(sections.some((s) => s.includes("People")), `sections: ${sections.join(", ")}`);
});

test("authorizes with an API key", async () => {
  // Writes need a key (the document's ApiKey scheme), so Swagger UI must offer Authorize.
  assert.ok(apiKey, "set RECORDSAPI_KEY to a key with the write scope");
  await page.locator(".auth-wrapper .authorize").click();
  const dialog = page.locator(".modal-ux");
  assert.match(await dialog.innerText(), /X-Api-Key/);
  await dialog.locator("input[type=text], input[type=password]").first().fill(apiKey);
  await dialog.locator("button.authorize").first().click();
  // Once authorized the dialog offers Logout instead, and the padlock shows as locked.
  await dialog.getByRole("button", { name: "Remove authorization" }).waitFor();
  await dialog.locator("button.btn-done").click();
  await page.locator(".auth-wrapper .authorize.locked").waitFor();
});

test("Try it out on a read: list people", async () => {
  const { status, body } = await tryItOut("People", "ListPeople", { params: { q: "peresild", limit: 5 } });
  assert.equal(status, 200);
  assert.ok(body.items.some((person) => person.slug === "yulia-peresild"), JSON.stringify(body));
});

test("Try it out on a write: create a person", async () => {
  const name = `Swagger UI ${Date.now().toString(36)}`;
  const { status, body, shown, operation } = await tryItOut("People", "CreatePerson", {
    body: { name, nationality: "US", occupations: ["tester"] },
  });
  assert.equal(status, 201, JSON.stringify(body));
  assert.equal(body.name, name);
  // Location is absolute, like Link.
  assert.match(shown, new RegExp(`location: https?://[^\\s/]+/v1/people/${body.id}\\b`, "i"), shown);
  // The artifact: the write as a developer sees it, from the body sent, the curl line and the request URL
  // down to the 201 the service answered (not the documented responses below it).
  // Boxes are relative to the viewport, a full-page clip to the page: add the scroll.
  const top = await operation.boundingBox();
  const answer = await operation.locator(".live-responses-table").boundingBox();
  const scrollY = await page.evaluate(() => window.scrollY);
  assert.ok(top && answer);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({
    path: join(artifacts, "swagger-ui.png"),
    fullPage: true,
    clip: { x: top.x, y: top.y + scrollY, width: top.width, height: answer.y + answer.height - top.y },
  });
});

test("nothing was fetched from another host and the page raised no errors", () => {
  assert.deepEqual(offsiteRequests, []);
  assert.deepEqual(pageErrors, []);
});
