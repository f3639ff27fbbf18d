// Writes the copy of docs/openapi.json that Prism validates answers against.
// A member that may be null and whose schema is another component is written allOf [$ref] with nullable: true
// and no type, as NSwag and Kiota read a nullable reference. Prism compiles schemas with Ajv, which refuses
// nullable without type, so here each such member becomes anyOf [$ref, null]: the same meaning in a form Ajv
// reads. Nothing else changes.
//   node prism-document.mjs <input> <output>
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
const document = JSON.parse(readFileSync(input, "utf8"));
let rewritten = 0;

function visit(node) {
    if (Array.isArray(node)) {
        node.forEach(visit);
        return;
    }
    if (node === null || typeof node !== "object") {
        return;
    }
    if (node.nullable === true && node.type === undefined && Array.isArray(node.allOf) && node.allOf.length === 1) {
        node.anyOf = [node.allOf[0], { type: "string", nullable: true, enum: [null] }];
        delete node.allOf;
        delete node.nullable;
        rewritten++;
    }
    Object.values(node).forEach(visit);
}

visit(document);
writeFileSync(output, JSON.stringify(document, null, 2));
console.log(`prism-document: ${rewritten} nullable references written as anyOf [$ref, null]`);
