// Missions through the generated client: a crew with split legs, and a problem answer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api } from "./support.js";

test("Soyuz MS-18's crew shows who rode it up and who rode it down", async () => {
  const { data, response } = await api.GET("/v1/missions/{ref}/crew", { params: { path: { ref: "soyuz-ms-18" } } });
  assert.equal(response.status, 200);
  const legs = Object.fromEntries((data?.items ?? []).map((m) => [m.person.slug, [m.launched, m.landed]]));
  assert.deepEqual(legs["oleg-novitskiy"], [true, true]);
  assert.deepEqual(legs["pyotr-dubrov"], [true, false]);
  assert.deepEqual(legs["yulia-peresild"], [false, true]);
});

test("an unknown mission is a 404 problem", async () => {
  const { error, response } = await api.GET("/v1/missions/{ref}", { params: { path: { ref: "apollo-99" } } });
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  assert.ok(error?.detail);
});
