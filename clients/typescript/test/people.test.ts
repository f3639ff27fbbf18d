// The people resource through the generated client: what a program written against the document does.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Person, PersonRequest, ValidationProblem } from "../src/client.js";
import { api, unique } from "./support.js";

async function createPerson(body: PersonRequest): Promise<{ person: Person; etag: string; location: string }> {
  const { data, error, response } = await api.POST("/v1/people", { body });
  assert.equal(response.status, 201, JSON.stringify(error));
  assert.ok(data);
  return { person: data, etag: response.headers.get("ETag") ?? "", location: response.headers.get("Location") ?? "" };
}

describe("people", () => {
  test("lists people a page at a time, following nextCursor", async () => {
    const first = await api.GET("/v1/people", { params: { query: { limit: 2, sort: "birthDate" } } });
    assert.equal(first.response.status, 200);
    assert.equal(first.data?.items.length, 2);
    const cursor = first.data?.nextCursor;
    assert.ok(cursor, "a second page exists");
    assert.match(first.response.headers.get("Link") ?? "", /rel="next"/);

    const second = await api.GET("/v1/people", { params: { query: { limit: 2, sort: "birthDate", cursor } } });
    assert.equal(second.response.status, 200);
    const firstIds = new Set(first.data?.items.map((p) => p.id));
    assert.ok(second.data?.items.every((p) => !firstIds.has(p.id)), "pages do not overlap");
  });

  test("searches names in any script", async () => {
    for (const q of ["peresild", "Пересильд"]) {
      const { data, response } = await api.GET("/v1/people", { params: { query: { q } } });
      assert.equal(response.status, 200);
      assert.ok(data?.items.some((p) => p.slug === "yulia-peresild"), `q=${q} finds Yulia Peresild`);
    }
  });

  test("reads one person by slug, with an ETag that makes a second read 304", async () => {
    const { data, response } = await api.GET("/v1/people/{ref}", { params: { path: { ref: "yulia-peresild" } } });
    assert.equal(response.status, 200);
    assert.equal(data?.name, "Yulia Peresild");
    assert.equal(data?.birthDate, "1984-09-05");
    const etag = response.headers.get("ETag");
    assert.ok(etag);

    const again = await api.GET("/v1/people/{ref}", {
      params: { path: { ref: "yulia-peresild" }, header: { "If-None-Match": etag } },
    });
    assert.equal(again.response.status, 304);
  });

  test("creates a person (with the key, if the service wants one)", async () => {
    const name = unique("Valentina Test");
    const { person, etag, location } = await createPerson({ name, nationality: "RU", occupations: ["cosmonaut"] });
    assert.equal(person.name, name);
    assert.equal(person.version, 1);
    assert.equal(etag, `"${person.version}"`);
    assert.match(location, new RegExp(`/v1/people/${person.id}$`));
  });

  test("replaces with If-Match, and a stale ETag is 412 and changes nothing", async () => {
    const { person, etag } = await createPerson({ name: unique("Replace Test") });
    const path = { ref: person.slug };

    const replaced = await api.PUT("/v1/people/{ref}", {
      params: { path, header: { "If-Match": etag } },
      body: { name: person.name, birthDate: "1950-01-02" },
    });
    assert.equal(replaced.response.status, 200, JSON.stringify(replaced.error));
    assert.equal(replaced.data?.birthDate, "1950-01-02");
    assert.notEqual(replaced.response.headers.get("ETag"), etag);

    const stale = await api.PUT("/v1/people/{ref}", {
      params: { path, header: { "If-Match": etag } },
      body: { name: person.name, birthDate: "1960-01-02" },
    });
    assert.equal(stale.response.status, 412);
    assert.equal(stale.error?.status, 412);
    assert.match(stale.error?.detail ?? "", /changed/);

    const current = await api.GET("/v1/people/{ref}", { params: { path } });
    assert.equal(current.data?.birthDate, "1950-01-02");
  });

  test("deletes with If-Match; the history keeps every revision", async () => {
    const { person, etag } = await createPerson({ name: unique("Delete Test") });
    const path = { ref: String(person.id) };

    const deleted = await api.DELETE("/v1/people/{ref}", { params: { path, header: { "If-Match": etag } } });
    assert.equal(deleted.response.status, 204);
    const gone = await api.GET("/v1/people/{ref}", { params: { path } });
    assert.equal(gone.response.status, 404);

    const history = await api.GET("/v1/people/{ref}/history", { params: { path } });
    assert.equal(history.response.status, 200);
    assert.deepEqual(history.data?.items.map((r) => r.operation), ["create", "delete"]);
  });

  test("answers problems that say what to fix", async () => {
    const missing = await api.GET("/v1/people/{ref}", { params: { path: { ref: "nobody-by-this-slug" } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.response.headers.get("Content-Type"), "application/problem+json");
    assert.equal(missing.error?.status, 404);
    assert.match(missing.error?.detail ?? "", /nobody-by-this-slug/);
    assert.ok(missing.error?.traceId);

    const invalid = await api.GET("/v1/people", { params: { query: { limit: 0 } } });
    assert.equal(invalid.response.status, 400);
    const problem = invalid.error as ValidationProblem | undefined;
    assert.match(problem?.errors?.["limit"]?.[0] ?? "", /between 1 and 200/);
  });
});
