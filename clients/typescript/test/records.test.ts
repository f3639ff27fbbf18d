// Records through the generated client: lists, a record's progression, and whether it agrees with the data.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schemas } from "../src/client.js";
import { api, unique } from "./support.js";

type RecordRequest = Schemas["RecordRequest"];

async function createRecord(body: RecordRequest) {
  const { data, error, response } = await api.POST("/v1/records", { body });
  assert.equal(response.status, 201, JSON.stringify(error));
  assert.ok(data);
  return data;
}

describe("records", () => {
  test("lists records a page at a time, each with its current holding", async () => {
    const first = await api.GET("/v1/records", { params: { query: { limit: 2 } } });
    assert.equal(first.response.status, 200);
    assert.equal(first.data?.items.length, 2);
    const cursor = first.data?.nextCursor;
    assert.ok(cursor, "a second page exists");
    assert.match(first.response.headers.get("Link") ?? "", /rel="next"/);

    const second = await api.GET("/v1/records", { params: { query: { limit: 2, cursor } } });
    assert.equal(second.response.status, 200);
    const firstIds = new Set(first.data?.items.map((r) => r.id));
    assert.ok(second.data?.items.every((r) => !firstIds.has(r.id)), "pages do not overlap");
  });

  test("filters by category and searches titles", async () => {
    const ages = await api.GET("/v1/records", { params: { query: { category: "age" } } });
    assert.equal(ages.response.status, 200);
    const slugs = ages.data?.items.map((r) => r.slug) ?? [];
    assert.ok(slugs.includes("oldest-person-to-fly-in-space"), slugs.join(", "));
    assert.ok(slugs.includes("youngest-person-to-fly-in-space"), slugs.join(", "));
    assert.ok(ages.data?.items.every((r) => r.category === "age"));

    const found = await api.GET("/v1/records", { params: { query: { q: "feature film" } } });
    const film = found.data?.items.find((r) => r.slug === "first-feature-film-shot-in-space");
    assert.ok(film, "q finds the first feature film shot in space");
    assert.deepEqual(film.current?.people.map((p) => p.slug).sort(), ["klim-shipenko", "yulia-peresild"]);
    assert.equal(film.current?.mission?.slug, "soyuz-ms-19");
  });

  test("the oldest-person record has its whole progression, oldest first, and agrees with the data", async () => {
    const { data, response } = await api.GET("/v1/records/{ref}", { params: { path: { ref: "oldest-person-to-fly-in-space" } } });
    assert.equal(response.status, 200);
    assert.ok(response.headers.get("ETag"));
    assert.equal(data?.metric, "oldest-at-launch");
    // The whole succession from the catalogue, from Gagarin on; its last four steps are the founding story.
    assert.equal(data?.progression[0]?.people[0]?.slug, "yuri-gagarin");
    assert.deepEqual(
      data?.progression.slice(-4).map((h) => [h.achievedOn, h.mission?.slug, h.people.map((p) => p.slug), h.value, h.unit]),
      [
        ["1998-10-29", "sts-95", ["john-glenn"], 28227, "days"],
        ["2021-07-20", "new-shepard-ns-16", ["wally-funk"], 30120, "days"],
        ["2021-10-13", "new-shepard-ns-18", ["william-shatner"], 33078, "days"],
        ["2024-05-19", "new-shepard-ns-25", ["ed-dwight"], 33125, "days"],
      ],
    );
    assert.equal(data?.current?.people[0]?.slug, "ed-dwight");
    assert.equal(data?.agreesWithData, true);
    assert.equal(data?.computedLeader, undefined, "a record that agrees names no other leader");
  });

  test("a record without a metric is not checked against the data", async () => {
    const { data, response } = await api.GET("/v1/records/{ref}", { params: { path: { ref: "first-feature-film-shot-in-space" } } });
    assert.equal(response.status, 200);
    assert.equal(data?.metric, null);
    assert.equal(data?.agreesWithData, undefined);
    assert.equal(data?.progression.length, 1);
    assert.equal(data?.current?.value, null);
    assert.equal(data?.current?.unit, null);
  });

  test("a record whose holder is not the computed leader says so, and names the leader", async () => {
    const record = await createRecord({
      title: unique("Oldest at launch, stale"),
      category: "age",
      metric: "oldest-at-launch",
      sources: ["https://example.org/stale"],
    });
    assert.equal(record.current, null, "no holding yet");
    assert.deepEqual(record.progression, []);

    const holding = await api.POST("/v1/records/{ref}/holdings", {
      params: { path: { ref: record.slug } },
      body: { achievedOn: "1998-10-29", mission: "sts-95", people: ["john-glenn"], value: 28227, unit: "days" },
    });
    assert.equal(holding.response.status, 201, JSON.stringify(holding.error));
    assert.match(holding.response.headers.get("Location") ?? "", new RegExp(`/v1/records/${record.id}/holdings/${holding.data?.id}$`));

    const { data } = await api.GET("/v1/records/{ref}", { params: { path: { ref: String(record.id) } } });
    assert.equal(data?.agreesWithData, false);
    assert.equal(data?.computedLeader?.person.slug, "ed-dwight");
    assert.equal(data?.computedLeader?.mission.slug, "new-shepard-ns-25");
    assert.deepEqual(data?.computedLeader?.age, { years: 90, days: 253 });
  });

  test("a holding may name people without a mission", async () => {
    const record = await createRecord({ title: unique("First client-test holder"), category: "other" });
    const holding = await api.POST("/v1/records/{ref}/holdings", {
      params: { path: { ref: record.slug } },
      body: { achievedOn: "2021-10-05", people: ["yulia-peresild"], notes: "No mission named." },
    });
    assert.equal(holding.response.status, 201, JSON.stringify(holding.error));
    assert.equal(holding.data?.mission, null);

    const listed = await api.GET("/v1/records", { params: { query: { q: record.title } } });
    const summary = listed.data?.items.find((r) => r.id === record.id);
    assert.equal(summary?.current?.mission, null);
    assert.equal(summary?.current?.people[0]?.slug, "yulia-peresild");
  });

  test("an unknown record is a 404 problem", async () => {
    const { error, response } = await api.GET("/v1/records/{ref}", { params: { path: { ref: "tallest-person-in-space" } } });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    assert.match(error?.detail ?? "", /tallest-person-in-space/);
  });
});
