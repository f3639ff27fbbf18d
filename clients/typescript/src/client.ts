// A typed client of the Records API: openapi-fetch over the types openapi-typescript generates from
// docs/openapi.json (npm run generate). Nothing here is written by hand per endpoint: paths, parameters,
// bodies and responses are all checked by the compiler against the document.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../generated/schema.js";

export type Schemas = components["schemas"];
export type Person = Schemas["Person"];
export type PersonRequest = Schemas["PersonRequest"];
export type Problem = Schemas["ProblemDetails"];
export type ValidationProblem = Schemas["HttpValidationProblemDetails"];

export interface ClientOptions {
  /** Where the service runs, such as http://localhost:8080. */
  baseUrl: string;
  /** An API key for writes, sent as X-Api-Key. Reads need none. */
  apiKey?: string | undefined;
}

export function createRecordsClient({ baseUrl, apiKey }: ClientOptions) {
  const client = createClient<paths>({ baseUrl });
  if (apiKey) {
    const authenticate: Middleware = {
      onRequest({ request }) {
        request.headers.set("X-Api-Key", apiKey);
        return request;
      },
    };
    client.use(authenticate);
  }
  return client;
}

export type RecordsClient = ReturnType<typeof createRecordsClient>;
