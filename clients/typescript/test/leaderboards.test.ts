// Leaderboards through the generated client: standings computed from the shipped catalogue, on a day and by boundary.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schemas, ValidationProblem } from "../src/client.js";
import { api } from "./support.js";

type Standing = Schemas["Standing"];

async function board(metric: Schemas["MetricName"], query: { limit?: number; asOf?: string; boundary?: "karman" | "80km" } = {}) {
  const { data, error, response } = await api.GET("/v1/leaderboards/{metric}", { params: { path: { metric }, query } });
  assert.equal(response.status, 200, JSON.stringify(error));
  assert.ok(data);
  return data;
}

const slugs = (standings: Standing[]) => standings.map((s) => s.person.slug);

describe("leaderboards", () => {
  test("lists the five metrics with their units", async () => {
    const { data, response } = await api.GET("/v1/leaderboards");
    assert.equal(response.status, 200);
    assert.deepEqual(
      data?.items.map((m) => [m.metric, m.unit]),
      [
        ["oldest-at-launch", "days"],
        ["youngest-at-launch", "days"],
        ["longest-flight", "seconds"],
        ["most-flights", "flights"],
        ["most-time-in-space", "seconds"],
      ],
    );
  });

  test("oldest-at-launch today is led by Ed Dwight, with his age and no duration", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const data = await board("oldest-at-launch", { limit: 3 });
    assert.equal(data.asOf, today);
    assert.equal(data.boundary, "karman");
    assert.equal(data.unit, "days");
    assert.deepEqual(slugs(data.standings), ["ed-dwight", "william-shatner", "wally-funk"]);
    const [leader] = data.standings;
    assert.equal(leader?.rank, 1);
    assert.equal(leader?.mission.slug, "new-shepard-ns-25");
    assert.deepEqual(leader?.age, { years: 90, days: 253 });
    assert.equal(leader?.value, 33125);
    assert.equal(leader?.duration, undefined, "age boards send no duration");
    assert.equal(leader?.landingMission, undefined, "age boards send no landing mission");
  });

  test("asOf gives the standings of that day: Wally Funk on 1 October 2021", async () => {
    const data = await board("oldest-at-launch", { asOf: "2021-10-01", limit: 3 });
    assert.equal(data.asOf, "2021-10-01");
    assert.deepEqual(slugs(data.standings), ["wally-funk", "john-glenn", "mike-melvill"]);
    assert.deepEqual(data.standings[0]?.age, { years: 82, days: 169 });
  });

  test("youngest-at-launch is led by Oliver Daemen", async () => {
    const data = await board("youngest-at-launch", { limit: 1 });
    assert.deepEqual(slugs(data.standings), ["oliver-daemen"]);
    assert.deepEqual(data.standings[0]?.age, { years: 18, days: 334 });
  });

  test("longest-flight runs from the vehicle up to the vehicle down, with a duration and no age", async () => {
    const data = await board("longest-flight", { limit: 1 });
    assert.equal(data.unit, "seconds");
    const [polyakov] = data.standings;
    assert.equal(polyakov?.person.slug, "valeri-polyakov");
    assert.equal(polyakov?.mission.slug, "soyuz-tm-18");
    assert.equal(polyakov?.landingMission?.slug, "soyuz-tm-20");
    assert.deepEqual(polyakov?.duration, { days: 437, hours: 17, minutes: 58, seconds: 31 });
    assert.equal(polyakov?.age, undefined, "duration boards send no age");
  });

  test("most-flights counts flights; equal values share a rank", async () => {
    const data = await board("most-flights", { asOf: "2001-04-28", limit: 6 });
    assert.equal(data.unit, "flights");
    // Five people had flown six times; the next rank skips to 6.
    assert.deepEqual(data.standings.map((s) => [s.rank, s.value]), [[1, 6], [1, 6], [1, 6], [1, 6], [1, 6], [6, 5]]);
    assert.ok(slugs(data.standings).includes("john-young"));
    assert.deepEqual(data.coverage?.completeTo, "2026-05-24");
  });

  test("both boundaries answer, and say which one they used", async () => {
    for (const boundary of ["karman", "80km"] as const) {
      const data = await board("oldest-at-launch", { boundary, limit: 1 });
      assert.equal(data.boundary, boundary);
      assert.equal(data.standings[0]?.person.slug, "ed-dwight");
    }
  });

  test("the progression of oldest-at-launch ends Glenn, Funk, Shatner, Dwight", async () => {
    const { data, response } = await api.GET("/v1/leaderboards/{metric}/progression", {
      params: { path: { metric: "oldest-at-launch" }, query: { boundary: "karman" } },
    });
    assert.equal(response.status, 200);
    const tail = data?.progression.slice(-4) ?? [];
    assert.deepEqual(
      tail.map((step) => [step.person.slug, step.mission.slug, step.date, step.heldUntil]),
      [
        ["john-glenn", "sts-95", "1998-10-29", "2021-07-20"],
        ["wally-funk", "new-shepard-ns-16", "2021-07-20", "2021-10-13"],
        ["william-shatner", "new-shepard-ns-18", "2021-10-13", "2024-05-19"],
        ["ed-dwight", "new-shepard-ns-25", "2024-05-19", null],
      ],
    );
  });

  test("the progression of longest-flight names the vehicle down", async () => {
    const { data, response } = await api.GET("/v1/leaderboards/{metric}/progression", { params: { path: { metric: "longest-flight" } } });
    assert.equal(response.status, 200);
    const last = data?.progression.at(-1);
    assert.equal(last?.person.slug, "valeri-polyakov");
    assert.equal(last?.landingMission?.slug, "soyuz-tm-20");
    assert.equal(last?.heldUntil, null);
  });

  test("an unknown metric is a 404 problem, a bad boundary or asOf a 400 naming it", async () => {
    // @ts-expect-error the document lists the metrics, so the compiler refuses any other
    const unknown = await api.GET("/v1/leaderboards/{metric}", { params: { path: { metric: "tallest" } } });
    assert.equal(unknown.response.status, 404);
    assert.equal(unknown.response.headers.get("content-type"), "application/problem+json");
    assert.match(unknown.error?.detail ?? "", /oldest-at-launch/);

    const badBoundary = await api.GET("/v1/leaderboards/{metric}", {
      // @ts-expect-error the document lists the boundaries, so the compiler refuses any other
      params: { path: { metric: "oldest-at-launch" }, query: { boundary: "100km" } },
    });
    assert.equal(badBoundary.response.status, 400);
    assert.match((badBoundary.error as ValidationProblem | undefined)?.errors?.["boundary"]?.[0] ?? "", /karman, 80km/);

    const badDay = await api.GET("/v1/leaderboards/{metric}", { params: { path: { metric: "oldest-at-launch" }, query: { asOf: "2021-02-30" } } });
    assert.equal(badDay.response.status, 400);
    assert.match((badDay.error as ValidationProblem | undefined)?.errors?.["asOf"]?.[0] ?? "", /YYYY-MM-DD/);
  });
});
